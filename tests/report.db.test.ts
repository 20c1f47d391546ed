// The printable programme report (/report): the paragraph of the work summary written from the
// records, a table per matching event, and a clear message (never a 500) for a period that
// cannot be read.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDb, db } from '~/lib/db.server';
import { loader } from '~/routes/report/route';
import { reportView, type ReportView } from '~/routes/report/report.server';
import { makeContract } from './factories';
import { args, TEST_ORIGIN } from './route-call';

const pristine = createDb(inject('pristineUrl'));

afterAll(async () => {
  await pristine.$disconnect();
  await db.$disconnect();
});

const SEED_PARAGRAPH =
  '组织开展市级“揭榜挂帅·全球引才”活动，截至目前，已征集写榜需求97个，完成发榜55个，其中45个榜额明确为3785万元，10个以不限定榜额形式发榜。举办了高端装备、电子信息2场“揭榜”活动，累计对接学者团队27个，签订揭榜项目合同11项，兑付人才奖励资金912万元，带动项目研发投入16607万元。';

/** What /report answers for a query (as a visitor in the language of `lang`): status and view. */
async function report(query: string, lang: 'zh' | 'en' = 'zh') {
  const headers = { Cookie: `lang=${lang}` };
  const answer = await loader(
    args(new Request(new URL(`/report${query}`, TEST_ORIGIN), { headers })),
  );
  // a refused period comes with its status (Remix's data()), a report as it is
  if ('init' in answer) {
    return { status: answer.init?.status ?? 200, view: answer.data as ReportView };
  }
  return { status: 200, view: answer as ReportView };
}

function ok(view: ReportView) {
  if (!view.ok) throw new Error(`the report was refused: ${view.key}`);
  return view;
}

describe(`the programme report (${inject('databaseKind')})`, () => {
  it('writes the work summary’s paragraph from the seeded records, word for word', async () => {
    const all = ok(await reportView(pristine, new URL('/report', TEST_ORIGIN), 'zh'));
    expect(all.summary).toBe(SEED_PARAGRAPH);
  });

  it('writes the seeded 2021 programme for ?year=2021, in Chinese and in English', async () => {
    const zh = await report('?year=2021');
    expect(zh.status).toBe(200);
    expect(ok(zh.view).summary).toBe(SEED_PARAGRAPH.replace('截至目前', '2021年'));

    const en = ok((await report('?year=2021', 'en')).view);
    expect(en.summary).toContain('programme in 2021: 97 needs collected and 55 challenges');
    expect(en.summary).toContain('3,785 × 10k yuan');
    expect(en.summary).toContain('11 contracts signed');
  });

  it('tables each event of the period with its challenges, teams and contracts', async () => {
    const view = ok((await report('?year=2021')).view);
    expect(view.events.map((e) => e.industry)).toEqual(['高端装备', '电子信息']);
    for (const e of view.events) {
      expect(e.challenges.length).toBeGreaterThan(0);
      expect(e.teamCount).toBeGreaterThan(0);
      expect(e.contractCount).toBe(e.challenges.reduce((n, c) => n + c.contracts, 0));
    }
    // the events together matched the programme's 27 teams
    const teams = view.events.reduce((n, e) => n + e.teamCount, 0);
    expect(teams).toBeGreaterThanOrEqual(view.figures.teamsMatched);
    // a quarter of 2021 holds only its own events
    const q1 = ok((await report('?year=2021&quarter=1')).view);
    expect(q1.summary).toMatch(/^组织开展市级“揭榜挂帅·全球引才”活动，2021年第一季度，/);
    expect(q1.events.length).toBeLessThan(view.events.length + 1);
  });

  it('says why a period cannot be read, with a 400 and no figures, never a 500', async () => {
    const hostile = [
      '?year=20x1',
      '?year=1999',
      '?year=2101',
      '?year=2021&year=2022',
      '?year=2021&quarter=5',
      '?year=2021&quarter=0',
      '?quarter=2',
      `?year=${'9'.repeat(5000)}`,
      '?year=%00',
      '?year=-2021',
      '?year=2021.0',
    ];
    for (const query of hostile) {
      const { status, view } = await report(query);
      expect([query, status, view.ok]).toEqual([query, 400, false]);
      if (view.ok) continue;
      expect(['year', 'quarter']).toContain(view.field);
      expect(view.key).toMatch(/^statsCharts\.period\./);
      expect(view).not.toHaveProperty('summary');
    }
    // surrounding blanks are not part of a year
    const padded = await report('?year=%202021%0A');
    expect([padded.status, padded.view.ok && padded.view.period]).toEqual([
      200,
      { kind: 'year', year: 2021 },
    ]);
    // a parameter the report does not take is ignored: the whole programme
    for (const query of ['?year[]=2021', '?lang=xx&foo=1', '?year=all&quarter=all']) {
      const { status, view } = await report(query);
      expect([query, status, view.ok && view.period.kind]).toEqual([query, 200, 'all']);
    }
  });

  it('says nothing was recorded in an empty period, and counts a contract signed there', async () => {
    // a quarter of a year long before the programme: no other test writes there
    const query = '?year=2003&quarter=2';
    const before = ok((await report(query)).view);
    expect(before.summary).toBe('2003年第二季度，尚无写榜需求、“揭榜”活动或揭榜合同记录。');
    expect(before.events).toEqual([]);

    const contract = await makeContract(db, { rewardFen: 5_000_000, rdInvestmentFen: 25_000_000 });
    await db.contract.update({
      where: { id: contract.id },
      data: { signedAt: new Date('2003-05-10T02:00:00Z') },
    });
    const after = ok((await report(query)).view);
    expect(after.figures.contractsSigned).toBe(1);
    expect(after.summary).toBe(
      '组织开展市级“揭榜挂帅·全球引才”活动，2003年第二季度，已征集写榜需求0个，完成发榜0个。未举办“揭榜”活动，累计对接学者团队0个，签订揭榜项目合同1项，兑付人才奖励资金0万元，带动项目研发投入25万元。',
    );
    // and in the whole programme's paragraph, the contract count moves with it
    const all = ok((await report('')).view);
    expect(all.summary).toMatch(/签订揭榜项目合同\d+项/);
    expect(Number(/签订揭榜项目合同(\d+)项/.exec(all.summary)![1])).toBe(
      all.figures.contractsSigned,
    );
  });
});
