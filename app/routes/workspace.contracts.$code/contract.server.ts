// The contract page's view: the contract's facts, its milestones with what the viewer may do
// to each, their evidence files, and the trail of its audit records. Only its two parties and
// the bureau see it; its technology contract registration is shown to all three, changed by
// the bureau only.
import type { ContractStatus, MilestoneStatus } from '~/domain/contract';
import {
  contractActionsFor,
  contractPartyRole,
  milestoneActionsFor,
  type MilestoneFacts,
} from '~/domain/contract-rules';
import type { Role } from '~/domain/roles';
import {
  allowedTechRegistrationActions,
  isTechRegistrationStatus,
  type TechRegistrationStatus,
} from '~/domain/tech-registration';
import type { Db } from '~/lib/db.server';
import { toFen } from '~/lib/fen';
import { milestoneTermsSelect } from '~/services/contracts/selects';
import {
  type StoredTechDetails,
  TECH_DETAILS_SELECT,
  techRegistrationDetails,
} from '~/services/contracts/tech-registration.server';
import type { Actor } from '~/services/kernel/actor';
import { auditData } from '~/services/kernel/audit.server';

/** Whether the viewer may see the contract: its two parties and the bureau. */
export async function mayViewContract(db: Db, viewer: Actor, code: string) {
  const c = await db.contract.findUnique({
    where: { code },
    select: { enterpriseId: true, teamId: true },
  });
  return c !== null && contractPartyRole(viewer, c) !== null;
}

// a contract not yet registered shows each detail as empty
const NO_DETAILS = {
  category: null,
  dealFen: null,
  transactionFen: null,
  registrationNo: null,
  registeredOn: null,
};

/**
 * The contract's technology contract registration as the page shows it: to its parties read
 * only (the registration is of their contract), to staff with the steps they may take.
 */
function techRegistrationView(r: (StoredTechDetails & { status: string }) | null, role: Role) {
  const status: TechRegistrationStatus =
    r && isTechRegistrationStatus(r.status) ? r.status : 'UNREGISTERED';
  return {
    status,
    ...(techRegistrationDetails(r) ?? NO_DETAILS),
    actions: allowedTechRegistrationActions(status, role),
  };
}

/** The contract page: facts, milestones with what the viewer may do, evidence and trail. */
export async function contractForViewer(db: Db, viewer: Actor, code: string) {
  const c = await db.contract.findUnique({
    where: { code },
    select: {
      id: true,
      code: true,
      status: true,
      signedAt: true,
      acceptedAt: true,
      terminatedAt: true,
      rewardFen: true,
      rdInvestmentFen: true,
      enterpriseId: true,
      teamId: true,
      awardId: true,
      challenge: { select: { code: true, title: true, titleEn: true, bountyType: true } },
      enterprise: { select: { name: true, nameEn: true } },
      team: { select: { name: true, nameEn: true, institution: true, institutionEn: true } },
      techRegistration: { select: { status: true, ...TECH_DETAILS_SELECT } },
      milestones: {
        orderBy: { seq: 'asc' },
        select: {
          ...milestoneTermsSelect,
          id: true,
          deliverables: true,
          evidence: true,
          deliveredAt: true,
          confirmedAt: true,
          rejectReason: true,
        },
      },
    },
  });
  if (!c) return null;
  const role = contractPartyRole(viewer, c);
  if (!role) return null;
  const status = c.status as ContractStatus;
  const facts: MilestoneFacts[] = c.milestones.map((m) => ({
    seq: m.seq,
    status: m.status as MilestoneStatus,
    confirmedAt: m.confirmedAt,
  }));
  const milestoneIds = c.milestones.map((m) => m.id);
  const [attachments, events] = await Promise.all([
    milestoneIds.length
      ? db.attachment.findMany({
          where: { ownerType: 'Milestone', ownerId: { in: milestoneIds } },
          orderBy: { createdAt: 'asc' },
          select: { id: true, ownerId: true, originalName: true, sizeBytes: true },
        })
      : [],
    db.auditEvent.findMany({
      where: {
        OR: [
          { entityType: 'Contract', entityId: c.id },
          { entityType: 'Milestone', entityId: { in: milestoneIds } },
        ],
      },
      orderBy: [{ at: 'asc' }, { id: 'asc' }],
      take: 500,
      select: { action: true, at: true, entityType: true, entityId: true, data: true },
    }),
  ]);
  const seqOf = new Map(c.milestones.map((m) => [m.id, m.seq]));
  return {
    code: c.code,
    status,
    signedAt: c.signedAt.toISOString(),
    acceptedAt: c.acceptedAt?.toISOString() ?? null,
    terminatedAt: c.terminatedAt?.toISOString() ?? null,
    rewardFen: toFen(c.rewardFen),
    rdInvestmentFen: toFen(c.rdInvestmentFen),
    awardId: c.awardId,
    challenge: c.challenge,
    enterprise: c.enterprise,
    team: c.team,
    viewer: {
      role,
      contractActions: contractActionsFor(status, role),
    },
    techRegistration: techRegistrationView(c.techRegistration, role),
    milestones: c.milestones.map((m, i) => ({
      id: m.id,
      seq: m.seq,
      title: m.title,
      dueDate: m.dueDate.toISOString(),
      deliverables: m.deliverables,
      shareBp: m.shareBp,
      amountFen: toFen(m.amountFen),
      status: m.status,
      evidence: m.evidence,
      deliveredAt: m.deliveredAt?.toISOString() ?? null,
      acceptedAt: m.acceptedAt?.toISOString() ?? null,
      confirmedAt: m.confirmedAt?.toISOString() ?? null,
      rejectReason: m.rejectReason,
      attachments: attachments.filter((a) => a.ownerId === m.id),
      actions: milestoneActionsFor(status, facts, facts[i]!, role),
    })),
    trail: events.map((e) => {
      const data = auditData(e.data);
      return {
        action: e.action,
        at: e.at.toISOString(),
        seq: e.entityType === 'Milestone' ? (seqOf.get(e.entityId) ?? null) : null,
        reason: typeof data.reason === 'string' ? data.reason : null,
      };
    }),
  };
}
