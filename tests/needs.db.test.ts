// From need to published challenge, through the routes an enterprise and a reviewer use.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { db } from '~/lib/db.server';
import { actorOf } from '~/services/kernel/actor';
import { action as createAction } from '~/routes/needs.new';
import { action as needAction } from '~/routes/needs.$id._index';
import { action as editAction } from '~/routes/needs.$id.edit';
import { action as decideAction } from '~/routes/review.needs.$id';
import { loader as statsJson } from '~/routes/stats[.]json';
import { getPublishedChallenge, listPublishedChallenges } from '~/services/needs/catalogue.server';
import { transition } from '~/services/needs/needs.server';
import { fundChallenge, inDays, makeUser } from './factories';
import { args, formPost, postAs, signedInRequest } from './route-call';

afterAll(() => db.$disconnect());

function needFields(overrides: Record<string, string> = {}) {
  return {
    title: '高温合金涡轮叶片单晶铸造缺陷控制',
    titleEn: 'Defect control in single-crystal turbine blade casting',
    field: '高端装备',
    background: '公司现有单晶叶片铸造合格率偏低，杂晶与雀斑缺陷占废品的七成。',
    'targets[0]': '单晶叶片铸造合格率≥85%',
    'targets[1]': '杂晶缺陷率≤3%',
    bountyType: 'FIXED',
    bountyWan: '260.5',
    applicationDeadline: inDays(30),
    implementationMonths: '24',
    contactName: '王工',
    contactPhone: '0533-2345678',
    ...overrides,
  };
}

async function createDraft(
  user: { id: string; role: string; email: string },
  overrides: Record<string, string> = {},
) {
  return (await postAs(db, createAction, user, '/needs/new', needFields(overrides))) as Response;
}

async function statsNow() {
  return (await (await statsJson()).json()) as {
    needsCollected: number;
    challengesPublished: number;
    fixedBounty: { count: number; totalFen: number };
  };
}

describe(`need intake and vetting (${inject('databaseKind')})`, () => {
  it('goes draft → submitted → returned → revised → resubmitted → published, and the figures follow', async () => {
    const owner = await makeUser(db, { role: 'ENTERPRISE' });
    const reviewer = await makeUser(db, { role: 'REVIEWER' });
    const before = await statsNow();

    const created = await postAs(db, createAction, owner, '/needs/new', needFields());
    expect(created).toBeInstanceOf(Response);
    const id = /\/needs\/([^?]+)/.exec((created as Response).headers.get('Location')!)![1]!;
    const draft = await db.challenge.findUniqueOrThrow({
      where: { id },
      include: { targets: true },
    });
    expect(draft.status).toBe('DRAFT');
    expect(draft.bountyFen).toBe(260_500_000n);
    expect(draft.targets).toHaveLength(2);
    // a draft is not yet collected
    expect((await statsNow()).needsCollected).toBe(before.needsCollected);

    await postAs(
      db,
      needAction,
      owner,
      `/needs/${id}`,
      { intent: 'submit' },
      {
        id,
      },
    );
    expect((await db.challenge.findUniqueOrThrow({ where: { id } })).status).toBe('SUBMITTED');
    expect((await statsNow()).needsCollected).toBe(before.needsCollected + 1);

    // returning needs a comment
    const noComment = (await decideAction(
      args(
        await signedInRequest(db, reviewer, `/review/needs/${id}`, formPost({ intent: 'return' })),
        { id },
      ),
    )) as { error?: Record<string, string[]> };
    expect(noComment.error?.comment).toEqual(['validation.required']);
    await postAs(
      db,
      decideAction,
      reviewer,
      `/review/needs/${id}`,
      { intent: 'return', comment: '请补充现有工艺参数。' },
      { id },
    );
    expect((await db.challenge.findUniqueOrThrow({ where: { id } })).status).toBe('RETURNED');
    const note = await db.notification.findFirstOrThrow({
      where: { userId: owner.id, kind: 'needReturned' },
    });
    expect(JSON.parse(note.payload).comment).toBe('请补充现有工艺参数。');
    expect(await db.mailMessage.count({ where: { to: owner.email } })).toBeGreaterThan(0);

    await postAs(
      db,
      editAction,
      owner,
      `/needs/${id}/edit`,
      needFields({ 'targets[2]': '叶片雀斑缺陷率≤1%' }),
      { id },
    );
    expect(await db.challengeTarget.count({ where: { challengeId: id } })).toBe(3);
    await postAs(
      db,
      needAction,
      owner,
      `/needs/${id}`,
      { intent: 'resubmit' },
      {
        id,
      },
    );
    expect((await db.challenge.findUniqueOrThrow({ where: { id } })).status).toBe('SUBMITTED');
    await fundChallenge(db, id);

    const published = await postAs(
      db,
      decideAction,
      reviewer,
      `/review/needs/${id}`,
      { intent: 'publish' },
      { id },
    );
    expect(published).toBeInstanceOf(Response);
    const row = await db.challenge.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe('PUBLISHED');
    expect(row.code).toMatch(/^ZB-\d{4}-\d{3,}$/);
    expect(row.publishedAt).not.toBeNull();
    expect(await getPublishedChallenge(db, row.code!)).not.toBeNull();
    const after = await statsNow();
    expect(after.challengesPublished).toBe(before.challengesPublished + 1);
    expect(after.fixedBounty.totalFen).toBe(before.fixedBounty.totalFen + 260_500_000);
    const trail = await db.needReview.findMany({
      where: { challengeId: id },
      orderBy: { at: 'asc' },
    });
    expect(trail.map((r) => r.action)).toEqual(['submit', 'return', 'resubmit', 'publish']);
    expect(
      await db.auditEvent.count({ where: { entityId: id, action: { startsWith: 'need.' } } }),
    ).toBeGreaterThanOrEqual(6);
    // and it is open in the catalogue
    const page = await listPublishedChallenges(db, { cursor: null, bounty: 'fixed' } as never);
    expect(page.items.find((i) => i.code === row.code)?.status).toBe('PUBLISHED');
  });

  it('refuses bad input on the need form with field errors, and saves nothing', async () => {
    const owner = await makeUser(db, { role: 'ENTERPRISE' });
    const count = () => db.challenge.count({ where: { enterpriseId: owner.organizationId } });
    const cases: [Record<string, string>, string, string][] = [
      [{ title: '' }, 'title', 'validation.required'],
      [{ title: '长'.repeat(101) }, 'title', 'validation.tooLong'],
      [{ bountyWan: '-5' }, 'bountyWan', 'needs.errors.bountyNegative'],
      [{ bountyWan: '0' }, 'bountyWan', 'needs.errors.bountyPositive'],
      [{ bountyWan: '9999999' }, 'bountyWan', 'needs.errors.bountyTooLarge'],
      [{ bountyWan: '12.3456789' }, 'bountyWan', 'needs.errors.bountyPrecision'],
      [{ bountyWan: 'abc' }, 'bountyWan', 'needs.errors.bountyInvalid'],
      [{ bountyWan: '' }, 'bountyWan', 'needs.errors.bountyRequired'],
      [{ applicationDeadline: inDays(-1) }, 'applicationDeadline', 'needs.errors.deadlinePast'],
      [{ applicationDeadline: '2021-02-30' }, 'applicationDeadline', 'validation.invalid'],
      [{ implementationMonths: '0' }, 'implementationMonths', 'needs.errors.months'],
      [{ field: '火星采矿' }, 'field', 'validation.required'],
      [{ 'targets[0]': '', 'targets[1]': '' }, 'targets[0]', 'validation.required'],
    ];
    for (const [overrides, field, message] of cases) {
      const result = (await createAction(
        args(await signedInRequest(db, owner, '/needs/new', formPost(needFields(overrides)))),
      )) as {
        error?: Record<string, string[]>;
      };
      expect(result.error?.[field], JSON.stringify(overrides)).toEqual([message]);
    }
    expect(await count()).toBe(0);
  });

  it('lets an open bounty through without an amount', async () => {
    const owner = await makeUser(db, { role: 'ENTERPRISE' });
    const res = await postAs(
      db,
      createAction,
      owner,
      '/needs/new',
      needFields({ bountyType: 'OPEN', bountyWan: '' }),
    );
    expect(res).toBeInstanceOf(Response);
    const need = await db.challenge.findFirstOrThrow({
      where: { enterpriseId: owner.organizationId },
    });
    expect(need.bountyType).toBe('OPEN');
    expect(need.bountyFen).toBeNull();
  });

  it('keeps another enterprise out: its need is "not found"', async () => {
    const owner = await makeUser(db, { role: 'ENTERPRISE' });
    const other = await makeUser(db, { role: 'ENTERPRISE' });
    await createDraft(owner);
    const need = await db.challenge.findFirstOrThrow({
      where: { enterpriseId: owner.organizationId },
    });
    const res = (await postAs(
      db,
      needAction,
      other,
      `/needs/${need.id}`,
      { intent: 'withdraw' },
      { id: need.id },
    )) as Response;
    expect(res.status).toBe(404);
    expect((await db.challenge.findUniqueOrThrow({ where: { id: need.id } })).status).toBe('DRAFT');
  });

  it('refuses a wrong file type, judged by the content, and keeps nothing', async () => {
    const owner = await makeUser(db, { role: 'ENTERPRISE' });
    await createDraft(owner);
    const need = await db.challenge.findFirstOrThrow({
      where: { enterpriseId: owner.organizationId },
    });
    const form = new FormData();
    form.set(
      'file',
      new File(['MZ this is really an executable'], '技术方案.pdf', { type: 'application/pdf' }),
    );
    const result = await needAction(
      args(await signedInRequest(db, owner, `/needs/${need.id}`, { method: 'POST', body: form }), {
        id: need.id,
      }),
    );
    expect(result).toEqual({ error: 'needs.errors.upload_type' });
    expect(await db.attachment.count({ where: { ownerId: need.id } })).toBe(0);
  });

  it('publishes a need once however many reviewers click at the same moment', async () => {
    const owner = await makeUser(db, { role: 'ENTERPRISE' });
    const actor = actorOf(await makeUser(db, { role: 'REVIEWER' }));
    await createDraft(owner);
    const need = await db.challenge.findFirstOrThrow({
      where: { enterpriseId: owner.organizationId },
    });
    await transition(db, actorOf(owner), need.id, 'submit');
    await fundChallenge(db, need.id);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => transition(db, actor, need.id, 'publish')),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await db.needReview.count({ where: { challengeId: need.id, action: 'publish' } })).toBe(
      1,
    );
  });

  it('gives needs published at the same time distinct codes', async () => {
    const owner = await makeUser(db, { role: 'ENTERPRISE' });
    const actor = actorOf(await makeUser(db, { role: 'REVIEWER' }));
    const enterprise = actorOf(owner);
    for (let i = 0; i < 4; i++) await createDraft(owner, { title: `并发发布 ${i}` });
    const needs = await db.challenge.findMany({ where: { enterpriseId: owner.organizationId } });
    for (const n of needs) await transition(db, enterprise, n.id, 'submit');
    for (const n of needs) await fundChallenge(db, n.id);
    const results = await Promise.all(needs.map((n) => transition(db, actor, n.id, 'publish')));
    const codes = results.flatMap((r) => (r.ok && r.code ? [r.code] : []));
    expect(codes).toHaveLength(4);
    expect(new Set(codes).size).toBe(4);
  });
});
