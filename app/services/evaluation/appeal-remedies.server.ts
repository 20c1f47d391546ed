// The remedies of an upheld appeal whose re-evaluation earned a place (docs/decisions/034-
// upheld-appeals.md): an extra 赛马制 slot or the slot of an award that has no contract yet,
// proposed by staff and approved by another admin (four-eyes). Every step is audited and every
// party told. The re-evaluation itself: reevaluation.server.ts.
import { remedyRefusal, type RemedyKind } from '~/domain/appeal-remedy';
import { transitionApplication, type ApplicationStatus } from '~/domain/application';
import { AWARD_PROPOSER_ROLES, nextFreeSlot, type AwardProposalAction } from '~/domain/award';
import { transitionAwardVacancy, type AwardHoldStatus } from '~/domain/award-vacancy';
import { isOneOf } from '~/domain/one-of';
import type { Db, Tx } from '~/lib/db.server';
import type { Actor } from '~/services/kernel/actor';
import { lockAward } from '~/services/kernel/locks.server';
import {
  appealLink,
  checked,
  commandOnAppeal,
  feedbackLink,
  refuse,
  refusalOf,
} from './appeal-shared.server';
import { conflictWith, staffIdsExcept, type Opts } from './shared.server';
import {
  approveProposal,
  checkProposalDecision,
  moveApplicationStatus,
  proposalState,
  rejectProposal,
  vacateApproved,
  vacateSelect,
} from './steps.server';

/* Remedies */

/** The replaced award as the remedy rules read it, or null when there is none such. */
async function replaceTarget(tx: Tx, awardId: string | null, challengeId: string) {
  if (!awardId) return null;
  const award = await tx.award.findUnique({ where: { id: awardId }, select: vacateSelect });
  if (!award) return null;
  return {
    ...award,
    sameChallenge: award.challenge.id === challengeId,
    hasContract: award.contract !== null,
  };
}

/**
 * A reviewer or admin proposes a remedy for an appeal whose re-evaluation earned a place: an
 * extra 赛马制 slot, or the slot of an award with no contract yet (`replacesAwardId`). The
 * proposal is an award of that kind, PROPOSED, waiting for another admin.
 */
export async function proposeRemedy(
  db: Db,
  actor: Actor,
  appealId: string,
  kind: RemedyKind,
  replacesAwardId: string | null,
  reason: string,
  opts: Opts = {},
) {
  const now = opts.now ?? new Date();
  if (!isOneOf(AWARD_PROPOSER_ROLES, actor.role)) return refusalOf('forbidden');
  const target = kind === 'APPEAL_REPLACE' ? replacesAwardId : null;
  return commandOnAppeal(
    db,
    actor,
    appealId,
    async ({ tx, audit, notifyUsers }, appeal) => {
      const challenge = appeal.application.challenge;
      const replaced = await replaceTarget(tx, target, challenge.id);
      const why = remedyRefusal({
        outcome: appeal.outcome,
        kind,
        awardSlots: challenge.awardSlots,
        target: replaced,
      });
      if (why) refuse(why, why === 'replaceTarget' ? { field: 'replacesAwardId' } : {});
      if (await conflictWith(tx, actor.id, appeal.applicationId)) refuse('conflictOfInterest');
      const pending = await tx.award.count({
        where: { appealId, status: 'PROPOSED', kind, replacesAwardId: target },
      });
      if (pending > 0) refuse('alreadyProposed');
      const award = await tx.award.create({
        data: {
          challengeId: challenge.id,
          applicationId: appeal.applicationId,
          status: 'PROPOSED',
          kind,
          appealId,
          replacesAwardId: target,
          proposedById: actor.id,
          proposedAt: now,
          reason,
        },
      });
      await audit({
        action: 'award.proposed',
        entityType: 'Award',
        entityId: award.id,
        data: {
          challengeId: challenge.id,
          applicationId: appeal.applicationId,
          kind,
          appealId,
          replacesAwardId: target,
          reason,
        },
      });
      await notifyUsers(await staffIdsExcept(tx, ['ADMIN'], actor.id), {
        kind: 'appealRemedy.proposed',
        params: { code: challenge.code ?? '' },
        link: appealLink(appealId),
        origin: opts.origin,
      });
      return { awardId: award.id };
    },
    target ? (tx) => lockAward(tx, target) : undefined,
  );
}

/** What a decision on a remedy reads of it. */
async function readRemedy(db: Db | Tx, awardId: string) {
  const award = await db.award.findUnique({
    where: { id: awardId },
    select: { ...proposalState, appealId: true, replacesAwardId: true },
  });
  if (!award?.appealId || !isOneOf(['APPEAL_SLOT', 'APPEAL_REPLACE'] as const, award.kind))
    return null;
  return { ...award, appealId: award.appealId, kind: award.kind };
}

/**
 * An admin who did not propose it approves or rejects a remedy. Approval, in one transaction
 * under the challenge's lock and the replaced award's: the remedy is checked again (a contract
 * signed meanwhile for the replaced award refuses it, and of two remedies of one appeal only
 * the first approved passes), the appellant's application is awarded, the slot added or the
 * replaced award vacated, the appeal REMEDIED, other waiting remedies of it set aside.
 */
export async function decideRemedy(
  db: Db,
  actor: Actor,
  awardId: string,
  action: AwardProposalAction,
  reason: string,
  opts: Opts = {},
) {
  const now = opts.now ?? new Date();
  const remedy = await readRemedy(db, awardId);
  if (!remedy) return refusalOf('notFound');
  const target = remedy.kind === 'APPEAL_REPLACE' ? remedy.replacesAwardId : null;
  return commandOnAppeal(
    db,
    actor,
    remedy.appealId,
    async (ctx, appeal) => {
      const { tx, audit, notifyUsers, notifyOrganization } = ctx;
      const award = await readRemedy(tx, awardId);
      if (!award) refuse('notFound');
      checkProposalDecision(award, action, actor);
      const challenge = appeal.application.challenge;
      const params = { code: challenge.code ?? '' };
      if (action === 'reject') {
        await rejectProposal(tx, awardId, { actorId: actor.id, now, reason });
        await audit({
          action: 'award.rejected',
          entityType: 'Award',
          entityId: awardId,
          data: { challengeId: challenge.id, kind: award.kind, appealId: appeal.id, reason },
        });
        await notifyUsers([award.proposedById], {
          kind: 'appealRemedy.rejected',
          params: { ...params, comment: reason },
          link: appealLink(appeal.id),
          origin: opts.origin,
        });
        return { slotNo: null };
      }
      const replaced = await replaceTarget(tx, target, challenge.id);
      const why = remedyRefusal({
        outcome: appeal.outcome,
        kind: award.kind,
        awardSlots: challenge.awardSlots,
        target: replaced,
      });
      if (why) refuse(why);
      if (await conflictWith(tx, actor.id, appeal.applicationId)) refuse('conflictOfInterest');
      // the appeal first: of two approvals of one appeal's remedies, the second stops here
      const remedied = await tx.appeal.updateMany({
        where: { id: appeal.id, outcome: 'PLACE' },
        data: { outcome: 'REMEDIED', outcomeAt: now },
      });
      if (remedied.count !== 1) refuse('alreadyRemedied');
      let slotNo: number | null;
      if (award.kind === 'APPEAL_SLOT') {
        const slots = challenge.awardSlots + 1;
        const grown = await tx.challenge.updateMany({
          where: { id: challenge.id, awardSlots: challenge.awardSlots },
          data: { awardSlots: slots },
        });
        if (grown.count !== 1) refuse('conflict');
        const taken = await tx.award.findMany({
          where: { challengeId: challenge.id, status: 'APPROVED', slotNo: { not: null } },
          select: { slotNo: true },
        });
        slotNo = nextFreeSlot(
          taken.map((t) => t.slotNo!),
          slots,
        );
        if (slotNo === null) refuse('full');
        await audit({
          action: 'challenge.slot_added',
          entityType: 'Challenge',
          entityId: challenge.id,
          data: { from: challenge.awardSlots, to: slots, appealId: appeal.id, awardId },
        });
      } else {
        const r = replaced!;
        checked(() => transitionAwardVacancy(r.status as AwardHoldStatus, 'replace', actor.role));
        slotNo = r.slotNo;
        // the replaced team's application leaves the award, as for any vacated award
        const lost = r.application.status as ApplicationStatus;
        await vacateApproved(ctx, r, {
          reason: 'REPLACED',
          verb: 'vacate',
          to: checked(() => transitionApplication(lost, 'vacate', actor.role)),
          actorId: actor.id,
          now,
          data: { byAwardId: awardId, appealId: appeal.id },
          applicationData: { by: 'appeal', appealId: appeal.id },
        });
        await notifyOrganization(r.application.teamId, {
          kind: 'appealRemedy.replaced',
          params,
          link: feedbackLink(r.applicationId),
          origin: opts.origin,
        });
      }
      await approveProposal(tx, awardId, slotNo, { actorId: actor.id, now, reason });
      await audit({
        action: 'award.approved',
        entityType: 'Award',
        entityId: awardId,
        data: {
          challengeId: challenge.id,
          applicationId: appeal.applicationId,
          kind: award.kind,
          appealId: appeal.id,
          slotNo,
          reason,
        },
      });
      // the reopened application: shortlisted and awarded, as any winner
      const from = appeal.application.status as ApplicationStatus;
      const shortlisted =
        from === 'SUBMITTED'
          ? checked(() => transitionApplication(from, 'shortlist', actor.role))
          : from;
      await moveApplicationStatus(ctx, {
        id: appeal.applicationId,
        from,
        to: checked(() => transitionApplication(shortlisted, 'award', actor.role)),
        verb: 'award',
        set: { active: true, decidedAt: now },
        data: { awardId, by: 'appeal' },
      });
      const others = await tx.award.updateMany({
        where: { appealId: appeal.id, status: 'PROPOSED', id: { not: awardId } },
        data: { status: 'REJECTED', decidedById: actor.id, decidedAt: now, reason: 'superseded' },
      });
      await audit({
        action: 'appeal.remedied',
        entityType: 'Appeal',
        entityId: appeal.id,
        data: { awardId, kind: award.kind, slotNo, setAside: others.count },
      });
      await notifyOrganization(appeal.application.teamId, {
        kind: 'appealRemedy.remedied',
        params,
        link: feedbackLink(appeal.applicationId),
        origin: opts.origin,
      });
      await notifyOrganization(challenge.enterpriseId, {
        kind: 'appealRemedy.approved',
        params,
        link: `/applications/${appeal.applicationId}`,
        origin: opts.origin,
      });
      await notifyUsers(await staffIdsExcept(tx, ['REVIEWER', 'ADMIN'], actor.id), {
        kind: 'appealRemedy.approved',
        params,
        link: appealLink(appeal.id),
        origin: opts.origin,
      });
      return { slotNo };
    },
    target ? (tx) => lockAward(tx, target) : undefined,
  );
}
