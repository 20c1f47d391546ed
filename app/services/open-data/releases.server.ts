// The open data in OCDS 1.1 (docs/decisions/022-open-data-ocds.md): release packages of the
// public challenges, read with explicit selects of what the public pages show and nothing more
// (no contact, no person, no application, no deliverable text), mapped by app/domain/ocds.ts.
// The whole programme's package is written as it is read, one keyset page of challenges at a
// time, so its memory does not grow with the programme.
import { effectiveNeedStatus, PUBLIC_STATUSES, type NeedStatus } from '~/domain/need';
import {
  buildRelease,
  ocidFor,
  packageHead,
  type OrgRecord,
  type ProcessRecord,
} from '~/domain/ocds';
import { writeJson } from '~/domain/ocds-json';
import type { Db, Prisma } from '~/lib/db.server';

/** Challenges read (and releases written) at a time for the whole programme's package. */
export const RELEASES_PAGE_SIZE = 50;

/** Who publishes the data when no bureau is recorded yet. */
const PUBLISHER_FALLBACK = '揭榜挂帅';

// an organisation as a party: no contact, no person, no account
const orgSelect = { id: true, name: true, nameEn: true, creditCode: true } as const;

// published, whatever happened since: the challenges the public pages show
const LISTED = {
  code: { not: null },
  publishedAt: { not: null },
  status: { in: [...PUBLIC_STATUSES] },
};

const processSelect = {
  id: true,
  code: true,
  title: true,
  titleEn: true,
  background: true,
  status: true,
  bountyType: true,
  bountyFen: true,
  applicationDeadline: true,
  publishedAt: true,
  closedAt: true,
  closedReason: true,
  enterprise: { select: orgSelect },
  targets: { orderBy: { position: 'asc' }, select: { text: true, textEn: true } },
  contracts: {
    orderBy: [{ signedAt: 'asc' }, { id: 'asc' }],
    select: {
      code: true,
      status: true,
      signedAt: true,
      acceptedAt: true,
      terminatedAt: true,
      rewardFen: true,
      award: { select: { decidedAt: true } },
      team: { select: orgSelect },
      milestones: {
        orderBy: { seq: 'asc' },
        select: {
          seq: true,
          title: true,
          dueDate: true,
          status: true,
          acceptedAt: true,
          disbursement: { select: { status: true, amountFen: true, paidAt: true } },
        },
      },
    },
  },
} satisfies Prisma.ChallengeSelect;

type Cursor = { publishedAt: Date; id: string };

function readPage(db: Db, after: Cursor | null, take: number) {
  return db.challenge.findMany({
    where: after
      ? {
          AND: [
            LISTED,
            {
              OR: [
                { publishedAt: { gt: after.publishedAt } },
                { publishedAt: after.publishedAt, id: { gt: after.id } },
              ],
            },
          ],
        }
      : LISTED,
    orderBy: [{ publishedAt: 'asc' }, { id: 'asc' }],
    take,
    select: processSelect,
  });
}

type ProcessRow = Awaited<ReturnType<typeof readPage>>[number];

function readBureau(db: Db): Promise<OrgRecord | null> {
  return db.organization.findFirst({
    where: { kind: 'BUREAU' },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: orgSelect,
  });
}

function toProcess(row: ProcessRow, bureau: OrgRecord | null, now: Date): ProcessRecord {
  return {
    code: row.code!,
    title: row.title,
    titleEn: row.titleEn,
    background: row.background,
    status: effectiveNeedStatus(row.status as NeedStatus, row.applicationDeadline, now),
    bountyFen: row.bountyType === 'OPEN' ? null : row.bountyFen,
    publishedAt: row.publishedAt!,
    applicationDeadline: row.applicationDeadline,
    // as the challenge page tells it: closed before the deadline, for a public reason
    closedEarlyAt: row.closedAt && row.closedReason !== null ? row.closedAt : null,
    targets: row.targets,
    enterprise: row.enterprise,
    bureau,
    contracts: row.contracts.map((c) => ({
      code: c.code,
      status: c.status,
      signedAt: c.signedAt,
      acceptedAt: c.acceptedAt,
      terminatedAt: c.terminatedAt,
      rewardFen: c.rewardFen,
      awardedAt: c.award?.decidedAt ?? null,
      team: c.team,
      milestones: c.milestones.map((m) => ({
        seq: m.seq,
        title: m.title,
        dueDate: m.dueDate,
        status: m.status,
        acceptedAt: m.acceptedAt,
        payment:
          m.disbursement?.status === 'PAID'
            ? { amountFen: m.disbursement.amountFen, paidAt: m.disbursement.paidAt }
            : null,
      })),
    })),
  };
}

export type OpenDataContext = {
  /** the public origin the package's links start with */
  origin: string;
  prefix: string;
  now?: Date;
};

/** The path of one process's file, e.g. /open-data/ocds/ocds-jiebng-ZB-2021-001.json. */
export function releaseFilePath(prefix: string, code: string) {
  return `/open-data/ocds/${ocidFor(prefix, code)}.json`;
}

/** The release package of one public challenge as JSON text; null when none is public. */
export async function releasePackageOf(
  db: Db,
  code: string,
  ctx: OpenDataContext,
): Promise<string | null> {
  const row = await db.challenge.findFirst({
    where: { AND: [LISTED, { code }] },
    select: processSelect,
  });
  if (!row) return null;
  const bureau = await readBureau(db);
  const release = buildRelease(ctx.prefix, toProcess(row, bureau, ctx.now ?? new Date()));
  return writeJson({
    ...packageHead({
      uri: `${ctx.origin}${releaseFilePath(ctx.prefix, row.code!)}`,
      origin: ctx.origin,
      publisher: bureau?.name ?? PUBLISHER_FALLBACK,
    }),
    releases: [release],
    publishedDate: release.date,
  });
}

/**
 * The release package of every public challenge, oldest first, as a stream of JSON text: the
 * package's head, then one keyset page of releases per read, then its `publishedDate` (the
 * latest release's date, known once every release is written).
 */
export function releasePackageStream(
  db: Db,
  ctx: OpenDataContext,
  pageSize = RELEASES_PAGE_SIZE,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const now = ctx.now ?? new Date();
  let bureau: OrgRecord | null | undefined;
  let after: Cursor | null = null;
  let written = 0;
  let latest: Date | null = null;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (bureau === undefined) {
        bureau = await readBureau(db);
        const head = writeJson(
          packageHead({
            uri: `${ctx.origin}/open-data/ocds/releases.json`,
            origin: ctx.origin,
            publisher: bureau?.name ?? PUBLISHER_FALLBACK,
          }),
        );
        controller.enqueue(encoder.encode(`${head.slice(0, -1)},"releases":[`));
        return;
      }
      const rows = await readPage(db, after, pageSize);
      const texts = rows.map((row) => {
        const release = buildRelease(ctx.prefix, toProcess(row, bureau ?? null, now));
        const date = new Date(release.date);
        if (!latest || date > latest) latest = date;
        return writeJson(release);
      });
      if (texts.length > 0) {
        controller.enqueue(encoder.encode(`${written > 0 ? ',' : ''}${texts.join(',')}`));
        written += texts.length;
      }
      const last = rows[rows.length - 1];
      if (rows.length < pageSize || !last) {
        const published = (latest ?? now).toISOString();
        controller.enqueue(encoder.encode(`],"publishedDate":${JSON.stringify(published)}}`));
        controller.close();
        return;
      }
      after = { publishedAt: last.publishedAt!, id: last.id };
    },
  });
}

/** The code of the oldest public challenge, for an example link; null before the first. */
export async function firstPublicCode(db: Db): Promise<string | null> {
  const row = await db.challenge.findFirst({
    where: LISTED,
    orderBy: [{ publishedAt: 'asc' }, { id: 'asc' }],
    select: { code: true },
  });
  return row?.code ?? null;
}
