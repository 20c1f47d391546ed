// Who sees which application (揭榜), and what each of them sees: the team its own (drafts
// included), the enterprise the submitted applications to its challenges, a reviewer those
// assigned to them, the bureau's admins all submitted ones; anyone else nothing, as if it did not
// exist. The rules are maySeeApplication in app/domain/application-rules.ts. Applying is in
// apply.server.ts, the team's changes in changes.server.ts.
import {
  isDecided,
  mayEdit,
  maySeeApplication,
  maySubmit,
  mayWithdraw,
  parseMembers,
  type ApplicationViewer,
} from '~/domain/application-rules';
import { effectiveNeedStatus } from '~/domain/need';
import { isStaffRole } from '~/domain/roles';
import { fenToWanInput, type ApplicationFormDefaults } from '~/forms/applications';
import type { Db } from '~/lib/db.server';
import { toFenOrNull } from '~/lib/fen';
import type { Auth } from '~/lib/session.server';
import { challengeSummarySelect, ownChallengeSelect } from '~/services/needs/selects';
import { appStatus, bountyTypeOf, iso, needStatus } from './rows';

/** Who a session stands for when looking at applications (staff only after the second factor). */
export function viewerOf(auth: Auth | null): ApplicationViewer {
  if (!auth) return null;
  if (isStaffRole(auth.user.role) && !auth.twoFactorVerified) return null;
  return { userId: auth.user.id, role: auth.user.role, organizationId: auth.user.organizationId };
}

/** The team's own applications, newest first, drafts and withdrawn ones included. */
export async function listForTeam(db: Db, teamId: string, now = new Date()) {
  const rows = await db.application.findMany({
    where: { teamId },
    orderBy: [{ updatedAt: 'desc' }, { id: 'desc' }],
    take: 500,
    select: {
      id: true,
      status: true,
      submittedAt: true,
      updatedAt: true,
      challenge: {
        select: { code: true, title: true, titleEn: true, status: true, applicationDeadline: true },
      },
    },
  });
  return rows.map((a) => ({
    id: a.id,
    status: a.status,
    submittedAt: iso(a.submittedAt),
    updatedAt: a.updatedAt.toISOString(),
    challenge: {
      code: a.challenge.code ?? '',
      title: a.challenge.title,
      titleEn: a.challenge.titleEn,
      status: effectiveNeedStatus(
        needStatus(a.challenge.status),
        a.challenge.applicationDeadline,
        now,
      ),
      applicationDeadline: a.challenge.applicationDeadline.toISOString(),
    },
  }));
}

/**
 * The applications to one of the enterprise's own challenges (submitted ones: drafts are the
 * teams'), or null when the challenge is not the enterprise's.
 */
export async function listForChallengeOwner(
  db: Db,
  enterpriseOrgId: string,
  challengeId: string,
  now = new Date(),
) {
  const c = await db.challenge.findFirst({
    where: { id: challengeId, enterpriseId: enterpriseOrgId },
    select: { ...ownChallengeSelect, bountyType: true, bountyFen: true },
  });
  if (!c) return null;
  const rows = await db.application.findMany({
    where: { challengeId, submittedAt: { not: null } },
    orderBy: [{ submittedAt: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      status: true,
      submittedAt: true,
      institution: true,
      budgetFen: true,
      requestedFen: true,
      membersJson: true,
      team: { select: { name: true, nameEn: true, institution: true } },
    },
  });
  return {
    challenge: {
      id: c.id,
      ref: c.ref,
      code: c.code,
      title: c.title,
      status: effectiveNeedStatus(needStatus(c.status), c.applicationDeadline, now),
      applicationDeadline: c.applicationDeadline.toISOString(),
      bountyType: bountyTypeOf(c.bountyType),
      bountyFen: toFenOrNull(c.bountyFen),
    },
    applications: rows.map((a) => ({
      id: a.id,
      status: a.status,
      submittedAt: iso(a.submittedAt),
      team: a.team,
      institution: a.institution ?? a.team.institution,
      budgetFen: toFenOrNull(a.budgetFen),
      requestedFen: toFenOrNull(a.requestedFen),
      memberCount: parseMembers(a.membersJson).length,
    })),
  };
}

/** The applications a reviewer (or admin) is assigned to review, recused ones marked. */
export async function listAssignedToReviewer(db: Db, userId: string) {
  const rows = await db.reviewAssignment.findMany({
    where: { reviewerId: userId, application: { submittedAt: { not: null } } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: 500,
    select: {
      recusedAt: true,
      submittedAt: true,
      application: {
        select: {
          id: true,
          status: true,
          team: { select: { name: true, nameEn: true } },
          challenge: { select: { code: true, title: true, titleEn: true } },
        },
      },
    },
  });
  return rows.map((r) => ({
    id: r.application.id,
    status: r.application.status,
    team: r.application.team,
    challenge: { ...r.application.challenge, code: r.application.challenge.code ?? '' },
    recused: r.recusedAt !== null,
    scored: r.submittedAt !== null,
  }));
}

/**
 * An application as the viewer may see it, or null when the viewer may not (another team's,
 * another enterprise's, a reviewer not assigned to it, a draft for anyone but its team, the
 * public): the caller answers 404 either way.
 */
export async function getApplicationFor(
  db: Db,
  viewer: ApplicationViewer,
  id: string,
  now = new Date(),
) {
  if (!viewer) return null;
  // the attachments are read beside the application, not after the visibility check: one
  // round trip less on PostgreSQL; what a viewer may not see is dropped unread by anyone
  const [a, attachments] = await Promise.all([
    db.application.findUnique({
      where: { id },
      select: {
        id: true,
        status: true,
        teamId: true,
        institution: true,
        approach: true,
        schedule: true,
        budgetFen: true,
        requestedFen: true,
        membersJson: true,
        submittedAt: true,
        decidedAt: true,
        createdAt: true,
        updatedAt: true,
        team: { select: { name: true, nameEn: true, institution: true, country: true } },
        challenge: { select: challengeSummarySelect },
        assignments: { where: { reviewerId: viewer.userId }, select: { id: true } },
      },
    }),
    db.attachment.findMany({
      where: { ownerType: 'Application', ownerId: id },
      orderBy: { createdAt: 'asc' },
      select: { id: true, originalName: true, sizeBytes: true },
    }),
  ]);
  if (!a) return null;
  const visible = maySeeApplication(viewer, {
    teamId: a.teamId,
    enterpriseId: a.challenge.enterpriseId,
    submitted: a.submittedAt !== null,
    assignedToViewer: a.assignments.length > 0,
  });
  if (!visible) return null;
  const status = appStatus(a.status);
  const state = {
    status: needStatus(a.challenge.status),
    applicationDeadline: a.challenge.applicationDeadline,
  };
  const ownTeam = viewer.role === 'TEAM' && viewer.organizationId === a.teamId;
  return {
    id: a.id,
    status,
    institution: a.institution,
    approach: a.approach,
    schedule: a.schedule,
    budgetFen: toFenOrNull(a.budgetFen),
    requestedFen: toFenOrNull(a.requestedFen),
    members: parseMembers(a.membersJson),
    submittedAt: iso(a.submittedAt),
    decidedAt: iso(a.decidedAt),
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
    team: a.team,
    challenge: {
      id: a.challenge.id,
      code: a.challenge.code ?? '',
      title: a.challenge.title,
      titleEn: a.challenge.titleEn,
      status: effectiveNeedStatus(state.status, state.applicationDeadline, now),
      applicationDeadline: a.challenge.applicationDeadline.toISOString(),
      bountyType: bountyTypeOf(a.challenge.bountyType),
      bountyFen: toFenOrNull(a.challenge.bountyFen),
      enterprise: a.challenge.enterprise,
    },
    attachments,
    // what the page offers: team actions for the team's own members only
    own: ownTeam,
    ownerEnterprise: viewer.role === 'ENTERPRISE',
    editable: ownTeam && mayEdit(status, state, now).ok,
    canSubmit: ownTeam && maySubmit(status, state, now).ok,
    canWithdraw: ownTeam && mayWithdraw(status),
    decided: isDecided(status),
  };
}

/** The edit form's values from a stored application. */
export function applicationFormDefaults(a: {
  institution: string | null;
  approach: string;
  schedule: string;
  budgetFen: number | null;
  requestedFen: number | null;
  members: { name: string; role: string; title?: string | null }[];
}): ApplicationFormDefaults {
  return {
    institution: a.institution ?? '',
    approach: a.approach,
    schedule: a.schedule,
    budgetWan: fenToWanInput(a.budgetFen),
    requestedWan: fenToWanInput(a.requestedFen),
    members: a.members.map((m) => ({ name: m.name, role: m.role, title: m.title ?? '' })),
  };
}
