// What the vacancy commands (vacancies.server.ts) and the promotion commands
// (promotions.server.ts) share: their refusal codes and namespace, their options, and the
// command on one challenge, locked on it.
import type { Db } from '~/lib/db.server';
import type { Actor } from '~/services/kernel/actor';
import { command, type Context } from '~/services/kernel/command.server';
import { refusal, Refused } from '~/services/kernel/refusal';
import { onChallenge } from './shared.server';

/** The translation namespace of the refusals (`vacancies.errors.<code>`). */
export const VACANCY_ERRORS = 'vacancies.errors';

export type VacancyRefusalCode =
  | 'notFound'
  | 'forbidden'
  | 'invalid'
  | 'conflict'
  | 'notApproved'
  | 'contractSigned'
  | 'notOverdue'
  | 'notVacated'
  | 'alreadyFilled'
  | 'pendingPromotion'
  | 'noCandidate'
  | 'candidateChanged'
  | 'notPromotion'
  | 'ownProposal'
  | 'conflictOfInterest'
  | 'decided';

/** Refuses the running command (it rolls back); `field` names the input at fault. */
export const refuse = (code: VacancyRefusalCode, field?: string): never => {
  throw new Refused(code, field ? { field } : {});
};

/** A refusal decided before any transaction. */
export const refusalOf = (code: VacancyRefusalCode) => refusal(VACANCY_ERRORS, code);

export type VacancyOpts = { origin?: string; now?: Date; signDays?: number };

/** A command of this capability on one challenge: its lock, then the awards' as needed. */
export function onVacancyChallenge<T extends object>(
  db: Db,
  actor: Actor,
  challengeId: string,
  work: (ctx: Context) => Promise<T>,
) {
  return command<T, VacancyRefusalCode>(
    db,
    { ...onChallenge(actor, challengeId), errors: VACANCY_ERRORS },
    work,
  );
}
