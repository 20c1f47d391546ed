// The bureau registers the contract (揭榜项目合同) of an approved award: its reward, committed
// R&D investment, signing date and milestones with their shares of the reward. The rules are
// in app/domain/contract-rules.ts; the award's lock makes registrations of one award queue.
import { formatContractCode, milestoneAmounts, parseContractCode } from '~/domain/contract';
import {
  canRegisterContract,
  checkDueDates,
  checkSigningDate,
  contractRewardFen,
  type RegistrationRefusal,
} from '~/domain/contract-rules';
import { rewardWithinCommitment } from '~/domain/funding';
import type { BountyType } from '~/domain/negotiation';
import { shanghaiDateString } from '~/domain/shanghai-date';
import type { ContractInput } from '~/forms/contracts';
import { nextInSeries } from '~/lib/counters.server';
import { isUniqueViolation, type Db, type Tx } from '~/lib/db.server';
import { toFenOrNull } from '~/lib/fen';
import { heldFundingFen } from '~/services/funding/funding.server';
import type { Actor } from '~/services/kernel/actor';
import { command } from '~/services/kernel/command.server';
import { lockAward } from '~/services/kernel/locks.server';
import { refusal, Refused, type Result } from '~/services/kernel/refusal';
import { CONTRACT_ERRORS } from './errors';
import { awaitingSelect } from './lists.server';
import { acceptedOfferFen } from './negotiation.server';

const shanghaiYear = (d: Date) => Number(shanghaiDateString(d).slice(0, 4));

/** The year's next contract code, HT-2026-001 (docs/decisions/017). */
async function nextContractCode(tx: Tx, year: number) {
  const seq = await nextInSeries(tx, `contract-code:${year}`, async () => {
    const rows = await tx.contract.findMany({
      where: { code: { startsWith: `HT-${year}-` } },
      select: { code: true },
    });
    return rows.reduce((max, r) => Math.max(max, parseContractCode(r.code)?.seq ?? 0), 0);
  });
  return formatContractCode(year, seq);
}

/** What the registration form shows of an award; null when there is no such award. */
export async function awardForRegistration(db: Db | Tx, awardId: string) {
  const award = await db.award.findUnique({
    where: { id: awardId },
    select: {
      ...awaitingSelect,
      status: true,
      contract: { select: { code: true } },
      challenge: {
        select: {
          ...awaitingSelect.challenge.select,
          implementationMonths: true,
          enterprise: { select: { name: true, creditCode: true } },
        },
      },
      application: {
        select: {
          teamId: true,
          requestedFen: true,
          team: { select: { name: true, institution: true } },
        },
      },
    },
  });
  if (!award) return null;
  const bountyType: BountyType = award.challenge.bountyType === 'OPEN' ? 'OPEN' : 'FIXED';
  const accepted = await acceptedOfferFen(db, award.applicationId, award.challenge.id);
  const reward = contractRewardFen({
    bountyType,
    bountyFen: toFenOrNull(award.challenge.bountyFen),
    acceptedOfferFen: accepted,
  });
  const registrable = canRegisterContract({
    status: award.status,
    hasContract: award.contract !== null,
    stageGateOutcome: award.stageGateOutcome,
  });
  return {
    awardId: award.id,
    status: award.status,
    decidedAt: award.decidedAt,
    challengeId: award.challenge.id,
    challengeCode: award.challenge.code,
    title: award.challenge.title,
    implementationMonths: award.challenge.implementationMonths,
    enterpriseId: award.challenge.enterpriseId,
    enterprise: award.challenge.enterprise,
    teamId: award.application.teamId,
    team: award.application.team,
    requestedFen: toFenOrNull(award.application.requestedFen),
    bountyType,
    bountyFen: toFenOrNull(award.challenge.bountyFen),
    rewardFen: reward.ok ? reward.fen : null,
    contractCode: award.contract?.code ?? null,
    refusal: !registrable.ok ? registrable.reason : !reward.ok ? reward.reason : null,
  };
}

export type RegisterRefusal =
  | 'notFound'
  | RegistrationRefusal
  | 'noAgreedAmount'
  | 'noBounty'
  | 'rdBelowReward'
  | 'signedInFuture'
  | 'signedBeforeAward'
  | 'dueBeforeSigning'
  | 'overCommitment';

/**
 * Registers the contract of an approved award. The reward is read after the award's lock (the
 * fixed bounty or the accepted offer), the milestone amounts are the exact split of it, and
 * the unique award id makes a second contract for the award impossible: of any number of
 * parallel registrations one commits, the others answer `alreadyRegistered`. The code comes
 * from the year's counter row, so it cannot collide with another registration's.
 */
export async function registerContract(
  db: Db,
  actor: Actor,
  awardId: string,
  input: ContractInput,
  opts: { origin?: string; now?: Date } = {},
): Promise<Result<{ code: string }, RegisterRefusal>> {
  const now = opts.now ?? new Date();
  try {
    return await command<{ code: string }, RegisterRefusal>(
      db,
      { errors: CONTRACT_ERRORS, actor, lock: (tx) => lockAward(tx, awardId) },
      async (ctx) => {
        const award = await awardForRegistration(ctx.tx, awardId);
        if (!award) throw new Refused('notFound');
        if (award.refusal) throw new Refused(award.refusal);
        const rewardFen = award.rewardFen!;
        // 榜额到位: a fixed bounty's reward never exceeds the funds held for it (ADR 032)
        const bounty = { bountyType: award.bountyType, bountyFen: award.bountyFen };
        if (
          !rewardWithinCommitment(
            bounty,
            rewardFen,
            await heldFundingFen(ctx.tx, award.challengeId),
          )
        )
          throw new Refused('overCommitment', { key: 'funding.errors.overCommitment' });
        if (input.rdInvestmentFen < rewardFen)
          throw new Refused('rdBelowReward', { field: 'rdInvestmentWan' });
        const signing = checkSigningDate(input.signedAt, now, award.decidedAt);
        if (signing === 'future') throw new Refused('signedInFuture', { field: 'signedAt' });
        if (signing === 'beforeAward')
          throw new Refused('signedBeforeAward', { field: 'signedAt' });
        const dueDates = input.milestones.map((m) => m.dueDate);
        if (checkDueDates(input.signedAt, dueDates)) throw new Refused('dueBeforeSigning');
        const amounts = milestoneAmounts(
          rewardFen,
          input.milestones.map((m) => m.shareBp),
        );
        const code = await nextContractCode(ctx.tx, shanghaiYear(input.signedAt));
        const contract = await ctx.tx.contract.create({
          data: {
            code,
            challengeId: award.challengeId,
            awardId: award.awardId,
            enterpriseId: award.enterpriseId,
            teamId: award.teamId,
            rewardFen: BigInt(rewardFen),
            rdInvestmentFen: BigInt(input.rdInvestmentFen),
            status: 'SIGNED',
            signedAt: input.signedAt,
            milestones: {
              create: input.milestones.map((m, i) => ({
                seq: i + 1,
                title: m.title,
                dueDate: m.dueDate,
                deliverables: m.deliverables,
                shareBp: m.shareBp,
                amountFen: BigInt(amounts[i]!),
                status: 'PENDING',
              })),
            },
          },
          select: { id: true, code: true },
        });
        await ctx.audit({
          action: 'contract.registered',
          entityType: 'Contract',
          entityId: contract.id,
          data: {
            code,
            awardId,
            rewardFen,
            rdInvestmentFen: input.rdInvestmentFen,
            signedAt: shanghaiDateString(input.signedAt),
            milestones: input.milestones.map((m, i) => ({
              seq: i + 1,
              shareBp: m.shareBp,
              amountFen: amounts[i],
            })),
          },
          at: now,
        });
        const notice = {
          kind: 'contractCreated' as const,
          params: { contract: code },
          link: `/workspace/contracts/${code}`,
          origin: opts.origin,
        };
        await ctx.notifyOrganization(award.enterpriseId, notice);
        await ctx.notifyOrganization(award.teamId, notice);
        return { code: contract.code };
      },
    );
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // the award's contract was registered meanwhile (the unique award id behind the lock)
    const taken = await db.contract.findUnique({ where: { awardId }, select: { id: true } });
    if (taken) return refusal(CONTRACT_ERRORS, 'alreadyRegistered');
    throw error;
  }
}
