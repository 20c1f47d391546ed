// The seed's contracts: each with its winning application (and the declined ones), the
// negotiated offers, the approved award, the milestones and their payments, and the ledger's
// journals for all of it, dated as the records are. Created when missing by contract code.
import { milestoneAmounts, validateMilestoneShares } from '~/domain/contract';
import { idempotencyKeyFor } from '~/domain/disbursement';
import {
  disbursementApprovedJournal,
  disbursementJournalId,
  disbursementPaidJournal,
} from '~/domain/ledger';
import type { Db, Tx } from '~/lib/db.server';
import { toFen } from '~/lib/fen';
import { command } from '~/services/kernel/command.server';
import { lockContract } from '~/services/kernel/locks.server';
import { readRow } from '~/services/payments/disbursement-rows.server';
import {
  ensureContractInLedger,
  isContractInLedger,
  postJournal,
} from '~/services/payments/ledger.server';
import { day, dayOrNull, type Lookup, type SeedContract } from './seed-files';

const ERRORS = 'seed';

type Lookups = { org: Lookup; user: Lookup; challenge: Lookup };

/**
 * Creates the missing contracts and completes the ledger of those there were already; returns
 * how many it created.
 */
export async function seedContracts(
  db: Db,
  contracts: SeedContract[],
  { org, user, challenge }: Lookups,
) {
  const existing = new Set(
    (await db.contract.findMany({ select: { code: true } })).map((c) => c.code),
  );
  let created = 0;
  for (const k of contracts) {
    if (existing.has(k.code)) continue;
    const shares = k.milestones.map((m) => m.shareBasisPoints);
    const sharesCheck = validateMilestoneShares(shares);
    if (!sharesCheck.ok)
      throw new Error(`seed: contract ${k.code} milestone shares: ${JSON.stringify(sharesCheck)}`);
    const amounts = milestoneAmounts(k.rewardFen, shares);
    const challengeDbId = challenge(k.challenge);
    const ch = await db.challenge.findUniqueOrThrow({
      where: { id: challengeDbId },
      select: { enterpriseId: true },
    });
    await command(db, { errors: ERRORS }, async ({ tx, audit }) => {
      const submittedAt = day(k.application.submittedAt, `${k.code}.application`);
      const signedAt = day(k.signedAt, `${k.code}.signedAt`);
      const app = await tx.application.create({
        data: {
          challengeId: challengeDbId,
          teamId: org(k.team),
          status: 'AWARDED',
          active: true,
          approach: k.application.approach,
          schedule: k.application.schedule,
          budgetFen: k.application.budgetFen == null ? null : BigInt(k.application.budgetFen),
          requestedFen:
            k.application.requestedFen == null ? null : BigInt(k.application.requestedFen),
          membersJson: JSON.stringify(k.application.members ?? []),
          submittedAt,
          createdAt: submittedAt,
          decidedAt: signedAt,
        },
      });
      for (const other of k.otherApplicants ?? []) {
        const at = day(other.submittedAt, `${k.code}.otherApplicants`);
        await tx.application.create({
          data: {
            challengeId: challengeDbId,
            teamId: org(other.team),
            status: 'DECLINED',
            active: null,
            approach: other.approach,
            schedule: '',
            submittedAt: at,
            createdAt: at,
            decidedAt: signedAt,
          },
        });
      }
      for (const [i, o] of (k.offers ?? []).entries()) {
        await tx.offer.create({
          data: {
            challengeId: challengeDbId,
            applicationId: app.id,
            organizationId: o.by === 'TEAM' ? org(k.team) : ch.enterpriseId,
            side: o.by,
            amountFen: BigInt(o.amountFen),
            note: o.note,
            createdAt: day(o.at, `${k.code}.offers`),
            status: i === (k.offers ?? []).length - 1 ? 'ACCEPTED' : 'SUPERSEDED',
          },
        });
      }
      const award = await tx.award.create({
        data: {
          challengeId: challengeDbId,
          applicationId: app.id,
          status: 'APPROVED',
          slotNo: 1,
          proposedById: user(k.award.proposedBy),
          proposedAt: day(k.award.proposedAt, `${k.code}.award`),
          decidedById: user(k.award.approvedBy),
          decidedAt: day(k.award.approvedAt, `${k.code}.award`),
        },
      });
      const contract = await tx.contract.create({
        data: {
          code: k.code,
          challengeId: challengeDbId,
          awardId: award.id,
          enterpriseId: ch.enterpriseId,
          teamId: org(k.team),
          rewardFen: BigInt(k.rewardFen),
          rdInvestmentFen: BigInt(k.rdInvestmentFen),
          status: k.status,
          signedAt,
        },
      });
      // the ledger: the reward committed at signing, each payment approved and paid
      await ensureContractInLedger(tx, contract);
      for (const [i, m] of k.milestones.entries()) {
        const milestone = await tx.milestone.create({
          data: {
            contractId: contract.id,
            seq: i + 1,
            title: m.title,
            dueDate: day(m.dueDate, `${k.code}.milestone`),
            deliverables: m.deliverables,
            shareBp: m.shareBasisPoints,
            amountFen: BigInt(amounts[i]!),
            status: m.status,
            deliveredAt: dayOrNull(m.deliveredAt, `${k.code}.deliveredAt`),
            acceptedAt: dayOrNull(m.acceptedAt, `${k.code}.acceptedAt`),
            confirmedAt: dayOrNull(m.acceptedAt, `${k.code}.acceptedAt`),
          },
        });
        const d = m.disbursement;
        if (!d) continue;
        if (d.amountFen !== amounts[i])
          throw new Error(
            `seed: ${k.code} milestone ${i + 1} pays ${d.amountFen}, its share is ${amounts[i]}`,
          );
        const paidAt = day(d.paidAt, `${k.code}.paidAt`);
        const id = `seed-${k.code}-${i + 1}`;
        await tx.disbursement.create({
          data: {
            id,
            contractId: contract.id,
            milestoneId: milestone.id,
            amountFen: BigInt(d.amountFen),
            status: d.status,
            rail: 'BANK',
            idempotencyKey: idempotencyKeyFor(id, 1),
            requestedById: user(d.requestedBy),
            requestedAt: day(d.requestedAt, `${k.code}.requestedAt`),
            approvedById: user(d.approvedBy),
            approvedAt: day(d.approvedAt, `${k.code}.approvedAt`),
            paidAt,
            bankReference: d.bankReference,
            confirmedById: user(d.approvedBy),
          },
        });
        await postSeededPaymentJournals(tx, id);
      }
      await tx.challenge.update({ where: { id: challengeDbId }, data: { closedAt: signedAt } });
      await audit({
        actorId: null,
        action: 'seed.contract',
        entityType: 'Contract',
        entityId: contract.id,
        data: { code: k.code },
      });
      return {};
    });
    created++;
  }
  await backfillSeededLedger(db, contracts, existing);
  return created;
}

/**
 * A database seeded before the ledger existed gets the journals of its seeded contracts and
 * payments now (each journal only if missing), so its ledger agrees with its records.
 * `existing` are the codes of the contracts there were before this run.
 */
async function backfillSeededLedger(db: Db, contracts: SeedContract[], existing: Set<string>) {
  for (const k of contracts) {
    if (!existing.has(k.code)) continue;
    const c = await db.contract.findUnique({
      where: { code: k.code },
      select: { id: true, rewardFen: true, signedAt: true },
    });
    if (!c) continue;
    const seeded = await db.disbursement.findMany({
      where: { contractId: c.id, id: { startsWith: `seed-${k.code}-` } },
      select: { id: true },
    });
    await command(db, { errors: ERRORS, lock: (tx) => lockContract(tx, c.id) }, async (ctx) => {
      const { tx } = ctx;
      const posted: string[] = [];
      if (await ensureContractInLedger(tx, c)) posted.push('signed');
      for (const d of seeded) posted.push(...(await postSeededPaymentJournals(tx, d.id)));
      if (posted.length > 0)
        await ctx.audit({
          actorId: null,
          action: 'seed.ledger',
          entityType: 'Contract',
          entityId: c.id,
          data: { code: k.code, journals: posted },
        });
      return {};
    });
  }
}

/**
 * The approval and payment journals of a seeded disbursement (its first attempt), dated as the
 * records are, each posted only if missing. Returns the journals it posted.
 */
async function postSeededPaymentJournals(tx: Tx, disbursementId: string): Promise<string[]> {
  const d = await readRow(tx, disbursementId);
  if (!d || d.attempt !== 1 || !['APPROVED', 'PAID'].includes(d.status)) return [];
  if (!(await isContractInLedger(tx, d.contractId))) return [];
  const facts = {
    contractId: d.contractId,
    teamId: d.contract.teamId,
    amountFen: toFen(d.amountFen),
  };
  const events = [
    {
      event: 'approved' as const,
      postings: disbursementApprovedJournal(facts),
      at: d.approvedAt,
      memo: 'approved',
    },
    ...(d.status === 'PAID'
      ? [
          {
            event: 'paid' as const,
            postings: disbursementPaidJournal(facts),
            at: d.paidAt,
            memo: `paid by BANK ${d.bankReference ?? ''}`.trim(),
          },
        ]
      : []),
  ];
  const posted: string[] = [];
  for (const e of events) {
    const journalId = disbursementJournalId(d.id, 1, e.event);
    if (await tx.ledgerEntry.findFirst({ where: { journalId }, select: { id: true } })) continue;
    await postJournal(tx, {
      journalId,
      postings: e.postings,
      contractId: d.contractId,
      disbursementId: d.id,
      memo: e.memo,
      at: e.at ?? undefined,
    });
    posted.push(journalId);
  }
  return posted;
}
