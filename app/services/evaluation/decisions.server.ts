// Shortlisting and declining an application under review; the team is told either way.
import { transitionApplication, type ApplicationStatus } from '~/domain/application';
import type { Db } from '~/lib/db.server';
import type { Actor } from '~/services/kernel/actor';
import { command } from '~/services/kernel/command.server';
import {
  challengeState,
  checkTransition,
  evaluationStatus,
  onChallenge,
  refuse,
  type Opts,
} from './shared.server';
import { moveApplicationStatus } from './steps.server';

export async function decideApplication(
  db: Db,
  actor: Actor,
  challengeId: string,
  applicationId: string,
  action: 'shortlist' | 'decline',
  opts: Opts = {},
) {
  const now = opts.now ?? new Date();
  return command(db, onChallenge(actor, challengeId), async ({ tx, audit, notifyOrganization }) => {
    const application = await tx.application.findFirst({
      where: { id: applicationId, challengeId },
      select: { id: true, status: true, teamId: true, challenge: { select: challengeState } },
    });
    if (!application) refuse('notFound');
    if (evaluationStatus(application.challenge, now) !== 'CLOSED') refuse('notClosed');
    const to = checkTransition(() =>
      transitionApplication(application.status as ApplicationStatus, action, actor.role),
    );
    if (action === 'decline') {
      const pending = await tx.award.count({ where: { applicationId, status: 'PROPOSED' } });
      if (pending > 0) refuse('pendingProposal');
    }
    await moveApplicationStatus(
      { tx, audit },
      {
        id: applicationId,
        from: application.status,
        to,
        verb: action,
        set: action === 'decline' ? { active: null, decidedAt: now } : {},
      },
    );
    await notifyOrganization(application.teamId, {
      kind: action === 'decline' ? 'applicationDeclined' : 'applicationShortlisted',
      params: { code: application.challenge.code ?? '' },
      link: `/applications/${applicationId}/feedback`,
      origin: opts.origin,
    });
    return {};
  });
}
