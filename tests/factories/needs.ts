// Challenges (榜单) in any state of their life.
import { releasesFunding } from '~/domain/funding';
import { buildSearchText } from '~/domain/search';
import type { Db } from '~/lib/db.server';
import { secureBounty } from '~/services/funding/funding.server';
import { makeEnterprise } from './people';
import { uid } from './unique';

/**
 * A challenge, published unless told otherwise (then SUBMITTED, or `status`), with a fixed
 * bounty of 1 万元 (`bountyFen: null`: an open one). It belongs to a new enterprise unless
 * `enterpriseId` names one. A fixed bounty past its draft comes with its funding secured
 * (榜额到位: the enterprise's confirmation and its ledger journal), as a published one must
 * have, unless `funded: false` (or its status released it: withdrawn, rejected, unawarded).
 */
export async function makeChallenge(
  db: Db,
  opts: {
    enterpriseId?: string;
    status?: string;
    bountyFen?: number | null;
    published?: boolean;
    deadline?: Date;
    title?: string;
    field?: string;
    funded?: boolean;
  } = {},
) {
  const enterprise = opts.enterpriseId
    ? await db.organization.findUniqueOrThrow({ where: { id: opts.enterpriseId } })
    : await makeEnterprise(db);
  const id = uid();
  const published = opts.published ?? true;
  const status = opts.status ?? (published ? 'PUBLISHED' : 'SUBMITTED');
  const challenge = await db.challenge.create({
    data: {
      ref: `T-${id}`,
      code: published ? `ZB-2099-${id}` : null,
      enterpriseId: enterprise.id,
      title: opts.title ?? `测试榜单 ${id}`,
      field: opts.field ?? '新材料',
      background: '测试背景',
      searchText: buildSearchText({
        title: opts.title ?? `测试榜单 ${id}`,
        background: '测试背景',
        targets: ['指标一'],
        enterpriseName: enterprise.name,
      }),
      bountyType: opts.bountyFen === null ? 'OPEN' : 'FIXED',
      bountyFen: opts.bountyFen === null ? null : BigInt(opts.bountyFen ?? 1_000_000),
      applicationDeadline: opts.deadline ?? new Date('2099-12-31T00:00:00+08:00'),
      implementationMonths: 12,
      contactName: '联系人',
      contactPhone: '0533-0000000',
      status,
      submittedAt: status === 'DRAFT' ? null : new Date(),
      publishedAt: published ? new Date() : null,
      targets: { create: [{ position: 1, text: '指标一' }] },
    },
  });
  const funded =
    opts.funded ?? (status !== 'DRAFT' && !releasesFunding(status) && opts.bountyFen !== null);
  if (!funded || challenge.bountyFen === null) return challenge;
  await secureBounty(db, {
    challengeId: challenge.id,
    bountyFen: Number(challenge.bountyFen),
    confirmedById: 'test-factory',
    at: new Date(),
    reference: `T-${id}`,
  });
  return db.challenge.findUniqueOrThrow({ where: { id: challenge.id } });
}

/** Secures a fixed bounty's funding as a reviewer would have (a bank receipt per share). */
export async function fundChallenge(db: Db, challengeId: string) {
  const c = await db.challenge.findUniqueOrThrow({ where: { id: challengeId } });
  if (c.bountyFen === null) return;
  await secureBounty(db, {
    challengeId,
    bountyFen: Number(c.bountyFen),
    confirmedById: 'test-factory',
    at: new Date(),
    reference: `F-${challengeId}`,
  });
}
