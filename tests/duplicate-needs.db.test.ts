// Duplicate needs (docs/decisions/035-duplicate-needs.md) through the routes an enterprise and a
// reviewer use: the similar earlier needs with their figures (Chinese and English), nothing of
// another enterprise's unpublished need, and the reviewer's "duplicate of …", which returns the
// need with that reason; bad input is refused with field errors and writes nothing.
import { afterAll, describe, expect, inject, it } from 'vitest';
import { needVectors, similarity } from '~/domain/need-similarity';
import { buildSearchText } from '~/domain/search';
import { db } from '~/lib/db.server';
import { loader as enterpriseLoader } from '~/routes/needs.$id._index';
import { DUPLICATE_INTENT } from '~/forms/duplicates';
import { action as reviewAction, loader as reviewLoader } from '~/routes/review.needs.$id';
import { makeChallenge, makeUser, type TestUser } from './factories';
import {
  args,
  errorsOf,
  formPost,
  location,
  postAs,
  signedInRequest,
  statusOf,
  thrownOrReturned,
} from './route-call';

afterAll(() => db.$disconnect());

const HOUR = 3_600_000;
const RV = {
  title: '工业机器人用高精度RV减速器寿命提升',
  titleEn: 'Life extension of high-precision RV reducers for industrial robots',
  background:
    '公司已形成20–220 kg级关节机器人批量生产能力，核心部件RV减速器目前仍以外购日系产品为主，约占整机成本的三分之一。自研样件在精度保持性方面与进口产品差距明显，运行2000小时后回差增大超过50%。',
};
const RV_AGAIN = {
  title: '提升工业机器人RV减速器的使用寿命',
  titleEn: null,
  background:
    '公司已具备关节机器人批量生产能力，但RV减速器仍主要外购日本产品，约占整机成本三分之一。自研RV减速器样件精度保持性差，运行2000小时后回差增大50%以上。',
};
const RV_EN = {
  title: '关节减速器攻关',
  titleEn: 'Extending the life of high-precision RV reducers in industrial robots',
  background: 'Our RV reducer samples lose precision after 2000 hours of running.',
};
const UNRELATED = {
  title: '益生菌固体饮料口味配方优化',
  titleEn: 'Flavour formulation of probiotic solid drinks',
  background: '公司益生菌固体饮料口感偏酸，复购率低，需优化甜味剂与风味物质配比。',
};

/** A need of `enterpriseId` with these texts, created `hoursAgo` hours ago. */
async function need(
  enterpriseId: string,
  text: { title: string; titleEn: string | null; background: string },
  opts: { status: string; hoursAgo: number; field?: string },
) {
  const published = ['PUBLISHED', 'CLOSED', 'AWARDED'].includes(opts.status);
  const c = await makeChallenge(db, {
    enterpriseId,
    status: opts.status,
    published,
    field: opts.field ?? '高端装备',
    title: text.title,
  });
  return db.challenge.update({
    where: { id: c.id },
    data: {
      titleEn: text.titleEn,
      background: text.background,
      searchText: buildSearchText({ ...text, targets: ['指标一'] }),
      createdAt: new Date(Date.now() - opts.hoursAgo * HOUR),
    },
  });
}

const figure = (a: typeof RV | typeof RV_AGAIN, b: typeof RV | typeof RV_AGAIN) =>
  similarity(needVectors(a), needVectors(b));

type Similar = { id: string; similarity: number; href: string };

async function reviewPage(user: TestUser, id: string) {
  const request = await signedInRequest(db, user, `/review/needs/${id}`);
  return (await reviewLoader(args(request, { id }))) as {
    similar: Similar[];
    duplicate: { ref: string; title: string; titleEn: string | null; href: string | null } | null;
  };
}

async function enterprisePage(user: TestUser, id: string) {
  const request = await signedInRequest(db, user, `/needs/${id}`);
  return (await enterpriseLoader(args(request, { id }))) as unknown as {
    similar: Similar[] | null;
    duplicate: { ref: string; title: string; titleEn: string | null; href: string | null } | null;
    need: { status: string; reviews: { action: string; comment: string | null }[] };
  };
}

async function setUp() {
  const owner = await makeUser(db, { role: 'ENTERPRISE' });
  const other = await makeUser(db, { role: 'ENTERPRISE' });
  const reviewer = await makeUser(db, { role: 'REVIEWER' });
  const ownerOrg = owner.organizationId!;
  const otherOrg = other.organizationId!;
  // earlier: a public challenge, another enterprise's unpublished need, the owner's own, a draft
  const published = await need(otherOrg, RV, { status: 'PUBLISHED', hoursAgo: 6 });
  const hidden = await need(otherOrg, RV_AGAIN, { status: 'SUBMITTED', hoursAgo: 5 });
  const own = await need(ownerOrg, RV, { status: 'RETURNED', hoursAgo: 4 });
  const draft = await need(otherOrg, RV, { status: 'DRAFT', hoursAgo: 4 });
  const unrelated = await need(otherOrg, UNRELATED, { status: 'PUBLISHED', hoursAgo: 4 });
  const target = await need(ownerOrg, RV_AGAIN, { status: 'SUBMITTED', hoursAgo: 2 });
  const later = await need(otherOrg, RV, { status: 'PUBLISHED', hoursAgo: 1 });
  return { owner, other, reviewer, published, hidden, own, draft, unrelated, target, later };
}

describe(`duplicate needs (${inject('databaseKind')})`, () => {
  it('shows the reviewer every similar earlier need with its figure, zh and en', async () => {
    const s = await setUp();
    const { similar } = await reviewPage(s.reviewer, s.target.id);
    const byId = new Map(similar.map((n) => [n.id, n]));
    // Chinese near-duplicates, published or not
    expect(byId.get(s.published.id)).toMatchObject({
      similarity: figure(RV_AGAIN, RV),
      href: `/review/needs/${s.published.id}`,
    });
    expect(byId.get(s.hidden.id)?.similarity).toBe(100);
    // drafts, the need itself, later and unrelated needs are not candidates
    for (const n of [s.draft, s.target, s.later, s.unrelated]) expect(byId.has(n.id)).toBe(false);
    expect(similar.length).toBeLessThanOrEqual(5);
    expect(similar.map((n) => n.similarity)).toEqual(
      [...similar.map((n) => n.similarity)].sort((a, b) => b - a),
    );

    // an English title against an English title
    const en = await need(s.owner.organizationId!, RV_EN, { status: 'SUBMITTED', hoursAgo: 0 });
    const { similar: enSimilar } = await reviewPage(s.reviewer, en.id);
    const found = enSimilar.find((n) => n.id === s.published.id);
    expect(found?.similarity).toBe(similarity(needVectors(RV_EN), needVectors(RV)));
    expect(found!.similarity).toBeGreaterThanOrEqual(40);
  });

  it('finds a near-duplicate filed under another field by a word of its title', async () => {
    const s = await setUp();
    const elsewhere = await need(s.other.organizationId!, RV, {
      status: 'PUBLISHED',
      hoursAgo: 3,
      field: '新材料',
    });
    const { similar } = await reviewPage(s.reviewer, s.target.id);
    expect(similar.find((n) => n.id === elsewhere.id)?.similarity).toBe(figure(RV_AGAIN, RV));
  });

  it('shows the enterprise public challenges and its own needs, never another’s unpublished one', async () => {
    const s = await setUp();
    const { similar } = await enterprisePage(s.owner, s.target.id);
    const byId = new Map(similar!.map((n) => [n.id, n]));
    expect(byId.get(s.published.id)?.href).toBe(`/challenges/${s.published.code}`);
    expect(byId.get(s.own.id)?.href).toBe(`/needs/${s.own.id}`);
    expect(byId.has(s.hidden.id)).toBe(false);
    expect(byId.has(s.draft.id)).toBe(false);
  });

  it('marks a duplicate: returned with the reason, audited, the enterprise notified', async () => {
    const s = await setUp();
    const before = await db.notification.count({ where: { userId: s.owner.id } });
    const answer = await postAs(
      db,
      reviewAction,
      s.reviewer,
      `/review/needs/${s.target.id}`,
      {
        intent: DUPLICATE_INTENT,
        duplicateOf: s.published.code!,
        note: '请说明与已发布榜单的区别。',
      },
      { id: s.target.id },
    );
    expect(location(answer)).toBe(`/review/needs/${s.target.id}?done=return`);
    const after = await db.challenge.findUniqueOrThrow({ where: { id: s.target.id } });
    expect(after.status).toBe('RETURNED');
    expect(after.duplicateOfId).toBe(s.published.id);
    const review = await db.needReview.findFirstOrThrow({
      where: { challengeId: s.target.id, action: 'return' },
    });
    expect(review.comment).toContain(s.published.code!);
    expect(review.comment).toContain(RV.title);
    expect(review.comment).toContain('请说明与已发布榜单的区别。');
    const audits = await db.auditEvent.findMany({
      where: { entityId: s.target.id },
      select: { action: true, actorId: true },
    });
    expect(audits).toEqual(
      expect.arrayContaining([
        { action: 'need.return', actorId: s.reviewer.id },
        { action: 'need.mark_duplicate', actorId: s.reviewer.id },
      ]),
    );
    const notices = await db.notification.findMany({
      where: { userId: s.owner.id, kind: 'needReturned' },
    });
    expect(notices).toHaveLength(1);
    expect(await db.notification.count({ where: { userId: s.owner.id } })).toBe(before + 1);
    expect(JSON.parse(notices[0]!.payload).comment).toContain(s.published.code!);

    // the enterprise reads the reason and what it repeats
    const page = await enterprisePage(s.owner, s.target.id);
    expect(page.need.status).toBe('RETURNED');
    expect(page.duplicate).toEqual({
      ref: s.published.code,
      title: RV.title,
      titleEn: RV.titleEn,
      href: `/challenges/${s.published.code}`,
    });
    // the reviewer's page names it too
    expect((await reviewPage(s.reviewer, s.target.id)).duplicate?.href).toBe(
      `/review/needs/${s.published.id}`,
    );
  });

  it('names the duplicate in the reviewer’s language', async () => {
    const s = await setUp();
    const request = await signedInRequest(
      db,
      s.reviewer,
      `/review/needs/${s.target.id}?lang=en`,
      formPost({ intent: DUPLICATE_INTENT, duplicateOf: s.hidden.ref }),
    );
    const answer = await thrownOrReturned(async () =>
      reviewAction(args(request, { id: s.target.id })),
    );
    expect(location(answer)).toBe(`/review/needs/${s.target.id}?done=return`);
    const review = await db.needReview.findFirstOrThrow({
      where: { challengeId: s.target.id, action: 'return' },
    });
    expect(review.comment).toBe(
      `This need repeats the earlier need ${s.hidden.ref} “${RV_AGAIN.title}” and is returned.`,
    );
    // another enterprise's unpublished need is named, but not linked
    expect((await enterprisePage(s.owner, s.target.id)).duplicate).toEqual({
      ref: s.hidden.ref,
      title: RV_AGAIN.title,
      titleEn: null,
      href: null,
    });
  });

  it('refuses bad input with field errors and writes nothing', async () => {
    const s = await setUp();
    const post = (fields: Record<string, string>, user: TestUser = s.reviewer, id = s.target.id) =>
      postAs(
        db,
        reviewAction,
        user,
        `/review/needs/${id}`,
        { intent: DUPLICATE_INTENT, ...fields },
        { id },
      );
    const audits = () => db.auditEvent.count({ where: { entityId: s.target.id } });
    const before = await audits();
    const cases: [Record<string, string>, string, string][] = [
      [{ duplicateOf: '' }, 'duplicateOf', 'validation.required'],
      [{ duplicateOf: 'x'.repeat(41) }, 'duplicateOf', 'validation.tooLong'],
      [{ duplicateOf: 'N-1\u0000' }, 'duplicateOf', 'validation.controlChars'],
      [{ duplicateOf: 'N-2099-999999' }, 'duplicateOf', 'duplicates.errors.unknown'],
      [{ duplicateOf: s.draft.ref }, 'duplicateOf', 'duplicates.errors.unknown'],
      [{ duplicateOf: s.target.ref }, 'duplicateOf', 'duplicates.errors.self'],
      [{ duplicateOf: s.later.code! }, 'duplicateOf', 'duplicates.errors.later'],
      [{ duplicateOf: s.published.ref, note: 'y'.repeat(1001) }, 'note', 'validation.tooLong'],
    ];
    for (const [fields, field, key] of cases) {
      const answer = await post(fields);
      expect(statusOf(answer), JSON.stringify(fields)).toBe('data');
      // on the page's action, the answer names its card, whose form shows it (not the decisions')
      expect((answer as { target?: string }).target).toBe(DUPLICATE_INTENT);
      expect(errorsOf(answer)[field], JSON.stringify(fields)).toEqual([key]);
    }
    // an enterprise may not; a need not awaiting a decision is refused on the form
    expect(statusOf(await post({ duplicateOf: s.published.ref }, s.owner))).toBe(403);
    const returned = await post({ duplicateOf: s.published.ref }, s.reviewer, s.own.id);
    expect(errorsOf(returned)['']).toEqual(['needs.errors.invalidAction']);
    expect(statusOf(await post({ duplicateOf: s.published.ref }, s.reviewer, 'nope'))).toBe(404);

    const after = await db.challenge.findUniqueOrThrow({ where: { id: s.target.id } });
    expect(after.status).toBe('SUBMITTED');
    expect(after.duplicateOfId).toBeNull();
    expect(await audits()).toBe(before);
    expect(await db.needReview.count({ where: { challengeId: s.target.id } })).toBe(0);
    expect(await db.notification.count({ where: { userId: s.owner.id } })).toBe(0);
    expect((await db.challenge.findUniqueOrThrow({ where: { id: s.own.id } })).duplicateOfId).toBe(
      null,
    );
  });
});
