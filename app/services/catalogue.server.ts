// Public reads: published challenges, events and contracts. Explicit selects only, so that a
// public page never loads more columns than it shows.
import { effectiveNeedStatus, PUBLIC_STATUSES } from '~/domain/need';
import type { Db } from '~/lib/db.server';
import { toFen, toFenOrNull } from '~/lib/fen';

export const PAGE_SIZE = 20;

export type BountyFilter = 'all' | 'fixed' | 'open';

type Cursor = { publishedAt: Date; id: string };

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.publishedAt.toISOString()}|${c.id}`).toString('base64url');
}

export function decodeCursor(value: string | null): Cursor | null {
  if (!value) return null;
  const [iso, id] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  const publishedAt = new Date(iso ?? '');
  if (!id || Number.isNaN(publishedAt.getTime())) return null;
  return { publishedAt, id };
}

/** Newest first, paged by keyset (publishedAt, id) so a deep page costs what the first does. */
export async function listPublishedChallenges(
  db: Db,
  opts: { cursor: string | null; bounty: BountyFilter; now?: Date },
) {
  const now = opts.now ?? new Date();
  const where = {
    status: { in: [...PUBLIC_STATUSES] },
    ...(opts.bounty === 'fixed' ? { bountyType: 'FIXED' } : {}),
    ...(opts.bounty === 'open' ? { bountyType: 'OPEN' } : {}),
  };
  const cursor = decodeCursor(opts.cursor);
  const after = cursor
    ? {
        OR: [
          { publishedAt: { lt: cursor.publishedAt } },
          { publishedAt: cursor.publishedAt, id: { lt: cursor.id } },
        ],
      }
    : {};
  const [rows, total] = await Promise.all([
    db.challenge.findMany({
      where: { ...where, ...after },
      orderBy: [{ publishedAt: 'desc' }, { id: 'desc' }],
      take: PAGE_SIZE + 1,
      select: {
        id: true,
        code: true,
        title: true,
        titleEn: true,
        field: true,
        bountyType: true,
        bountyFen: true,
        applicationDeadline: true,
        publishedAt: true,
        status: true,
        enterprise: { select: { name: true, nameEn: true } },
      },
    }),
    db.challenge.count({ where }),
  ]);
  const page = rows.slice(0, PAGE_SIZE);
  const last = page[page.length - 1];
  return {
    total,
    next:
      rows.length > PAGE_SIZE && last?.publishedAt
        ? encodeCursor({ publishedAt: last.publishedAt, id: last.id })
        : null,
    items: page.map((c) => ({
      code: c.code!,
      title: c.title,
      titleEn: c.titleEn,
      field: c.field,
      bountyFen: toFenOrNull(c.bountyFen),
      deadline: c.applicationDeadline.toISOString(),
      publishedAt: c.publishedAt?.toISOString() ?? null,
      status: effectiveNeedStatus(c.status as never, c.applicationDeadline, now),
      enterprise: c.enterprise.name,
      enterpriseEn: c.enterprise.nameEn,
    })),
  };
}

export async function getPublishedChallenge(db: Db, code: string, now = new Date()) {
  const c = await db.challenge.findFirst({
    where: { code, status: { in: [...PUBLIC_STATUSES] } },
    select: {
      code: true,
      title: true,
      titleEn: true,
      field: true,
      background: true,
      bountyType: true,
      bountyFen: true,
      applicationDeadline: true,
      implementationMonths: true,
      publishedAt: true,
      status: true,
      contactName: true,
      enterprise: { select: { name: true, nameEn: true } },
      targets: { orderBy: { position: 'asc' }, select: { text: true, textEn: true } },
      events: {
        select: { event: { select: { slug: true, name: true, nameEn: true, date: true } } },
      },
      matches: {
        orderBy: { matchedAt: 'asc' },
        select: {
          team: { select: { name: true, nameEn: true, institution: true, institutionEn: true } },
        },
      },
      contracts: { select: { code: true, status: true } },
    },
  });
  if (!c) return null;
  return {
    ...c,
    bountyFen: toFenOrNull(c.bountyFen),
    applicationDeadline: c.applicationDeadline.toISOString(),
    publishedAt: c.publishedAt?.toISOString() ?? null,
    status: effectiveNeedStatus(c.status as never, c.applicationDeadline, now),
    events: c.events.map((e) => ({ ...e.event, date: e.event.date.toISOString() })),
    matches: c.matches.map((m) => m.team),
  };
}

export async function listEvents(db: Db) {
  const events = await db.matchingEvent.findMany({
    orderBy: [{ date: 'desc' }, { id: 'desc' }],
    select: {
      slug: true,
      name: true,
      nameEn: true,
      industry: true,
      date: true,
      place: true,
      _count: { select: { challenges: true } },
      matches: { select: { teamId: true } },
    },
  });
  return events.map(({ matches, _count, ...e }) => ({
    ...e,
    date: e.date.toISOString(),
    challengeCount: _count.challenges,
    teamCount: new Set(matches.map((m) => m.teamId)).size,
  }));
}

export async function getEvent(db: Db, slug: string) {
  const e = await db.matchingEvent.findUnique({
    where: { slug },
    select: {
      slug: true,
      name: true,
      nameEn: true,
      industry: true,
      date: true,
      place: true,
      description: true,
      challenges: {
        select: { challenge: { select: { code: true, title: true, titleEn: true, status: true } } },
      },
      matches: {
        orderBy: [{ matchedAt: 'asc' }, { id: 'asc' }],
        select: {
          matchedAt: true,
          challenge: { select: { code: true, title: true, titleEn: true } },
          team: {
            select: { id: true, name: true, nameEn: true, institution: true, institutionEn: true },
          },
        },
      },
    },
  });
  if (!e) return null;
  return {
    ...e,
    date: e.date.toISOString(),
    challenges: e.challenges
      .map((c) => c.challenge)
      .filter((c) => c.code && (PUBLIC_STATUSES as readonly string[]).includes(c.status))
      .sort((a, b) => (a.code! < b.code! ? -1 : 1)),
    matches: e.matches.map((m) => ({ ...m, matchedAt: m.matchedAt.toISOString() })),
    teamCount: new Set(e.matches.map((m) => m.team.id)).size,
  };
}

const contractSelect = {
  code: true,
  status: true,
  signedAt: true,
  rewardFen: true,
  rdInvestmentFen: true,
  challenge: { select: { code: true, title: true, titleEn: true } },
  enterprise: { select: { name: true, nameEn: true } },
  team: { select: { name: true, nameEn: true, institution: true, institutionEn: true } },
  disbursements: { where: { status: 'PAID' }, select: { amountFen: true } },
} as const;

export async function listContracts(db: Db) {
  const rows = await db.contract.findMany({
    orderBy: [{ signedAt: 'asc' }, { id: 'asc' }],
    select: contractSelect,
  });
  return rows.map(publicContract);
}

function publicContract<
  T extends {
    rewardFen: bigint;
    rdInvestmentFen: bigint;
    signedAt: Date;
    disbursements: { amountFen: bigint }[];
  },
>(c: T) {
  const { disbursements, ...rest } = c;
  return {
    ...rest,
    signedAt: c.signedAt.toISOString(),
    rewardFen: toFen(c.rewardFen),
    rdInvestmentFen: toFen(c.rdInvestmentFen),
    paidFen: disbursements.reduce((sum, d) => sum + toFen(d.amountFen), 0),
  };
}

export async function getContract(db: Db, code: string) {
  const c = await db.contract.findUnique({
    where: { code },
    select: {
      ...contractSelect,
      milestones: {
        orderBy: { seq: 'asc' },
        select: {
          seq: true,
          title: true,
          dueDate: true,
          shareBp: true,
          amountFen: true,
          status: true,
          acceptedAt: true,
          disbursement: { select: { status: true, paidAt: true } },
        },
      },
    },
  });
  if (!c) return null;
  const { milestones, ...rest } = c;
  return {
    ...publicContract(rest),
    milestones: milestones.map((m) => ({
      ...m,
      dueDate: m.dueDate.toISOString(),
      acceptedAt: m.acceptedAt?.toISOString() ?? null,
      amountFen: toFen(m.amountFen),
      paid: m.disbursement?.status === 'PAID',
      paidAt: m.disbursement?.paidAt?.toISOString() ?? null,
    })),
  };
}
