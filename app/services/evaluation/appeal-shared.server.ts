// What the commands on an upheld appeal share (docs/decisions/034-upheld-appeals.md): their
// refusals, what they read of the appeal, and the command locked on its challenge. The
// re-evaluation is in reevaluation.server.ts, the remedies in appeal-remedies.server.ts.
import type { RemedyRefusal } from '~/domain/appeal-remedy';
import type { Db, Tx } from '~/lib/db.server';
import type { Actor } from '~/services/kernel/actor';
import { command, type CommandSpec, type Context } from '~/services/kernel/command.server';
import { lockChallenge } from '~/services/kernel/locks.server';
import { refusal, refuser, type Refuse } from '~/services/kernel/refusal';
import { checkTransition } from './shared.server';

/** The translation namespace of the refusals: `appealRemedies.errors.<code>`. */
export const REMEDY_ERRORS = 'appealRemedies.errors';

export type AppealRemedyRefusal =
  | RemedyRefusal
  | 'notFound'
  | 'forbidden'
  | 'invalid'
  | 'conflict'
  | 'notReopened'
  | 'scoringDone'
  | 'invalidReviewer'
  | 'scoredBefore'
  | 'alreadyAssigned'
  | 'conflictOfInterest'
  | 'alreadyProposed'
  | 'ownProposal'
  | 'full'
  | 'duePast'
  | 'dueTooFar'
  | 'dueInvalid';

/** Refuses the running command (it rolls back); `field` names the input at fault. */
export const refuse: Refuse<AppealRemedyRefusal> = refuser();

export const refusalOf = (code: AppealRemedyRefusal, opts: { field?: string } = {}) =>
  refusal(REMEDY_ERRORS, code, opts);

/** A transition the table refuses: `invalid`, or `forbidden` for a role that may not. */
export const checked = <T>(run: () => T): T => checkTransition(run, 'forbidden');

const challengeSelect = {
  id: true,
  code: true,
  awardSlots: true,
  enterpriseId: true,
} as const;

/** What the remedies read of an appeal and its application. */
export const appealState = {
  id: true,
  status: true,
  reopenedAt: true,
  outcome: true,
  applicationId: true,
  application: {
    select: {
      id: true,
      status: true,
      teamId: true,
      challengeId: true,
      challenge: { select: challengeSelect },
    },
  },
} as const;

export type AppealState = NonNullable<Awaited<ReturnType<typeof readAppeal>>>;

export function readAppeal(tx: Tx | Db, appealId: string) {
  return tx.appeal.findUnique({ where: { id: appealId }, select: appealState });
}

/** A command on the challenge of an appeal, locked on it; `notFound` before any transaction. */
export async function commandOnAppeal<T extends object>(
  db: Db,
  actor: Actor,
  appealId: string,
  work: (ctx: Context, appeal: AppealState) => Promise<T>,
  extraLock?: (tx: Tx) => Promise<unknown>,
) {
  const found = await readAppeal(db, appealId);
  if (!found) return refusalOf('notFound');
  const spec: CommandSpec = {
    errors: REMEDY_ERRORS,
    actor,
    lock: async (tx) => {
      await lockChallenge(tx, found.application.challengeId);
      if (extraLock) await extraLock(tx);
    },
  };
  return command(db, spec, async (ctx) => {
    const appeal = await readAppeal(ctx.tx, appealId);
    if (!appeal) refuse('notFound');
    return work(ctx, appeal);
  });
}

export const appealLink = (appealId: string) => `/review/appeals/${appealId}`;
export const feedbackLink = (applicationId: string) => `/applications/${applicationId}/feedback`;
