// 技术合同认定登记 of a contract (app/domain/tech-registration.ts): the bureau submits it,
// records the office's registration or refusal, resubmits it, and an admin corrects a
// registered one. One kernel command on the contract's row: the lock comes first, so that two
// submissions sent at once run one after the other and the second finds the first's status
// (and is refused) instead of both writing. Each step is audited with the details before and
// after.
import { TransitionError } from '~/domain/lifecycle';
import { contractPartyRole } from '~/domain/contract-rules';
import { isStaffRole } from '~/domain/roles';
import {
  checkTechRegistration,
  isTechRegistrationStatus,
  transitionTechRegistration,
  type TechRegistrationAction,
  type TechRegistrationError,
  type TechRegistrationFacts,
  type TechRegistrationStatus,
} from '~/domain/tech-registration';
import { isUniqueViolation, type Db, type Prisma, type Tx } from '~/lib/db.server';
import { toFen } from '~/lib/fen';
import type { Actor } from '~/services/kernel/actor';
import { command } from '~/services/kernel/command.server';
import { lockContract } from '~/services/kernel/locks.server';
import { refusal, Refused, type Result } from '~/services/kernel/refusal';

/** The translation namespace of this command's refusals (app/i18n/zh/tech-registration.ts). */
export const TECH_REGISTRATION_ERRORS = 'techRegistration.errors';

export type TechRegistrationRefusal =
  | 'notFound'
  | 'forbidden'
  | 'notNow'
  | 'conflict'
  | 'numberTaken'
  | 'reason'
  | TechRegistrationError;

/** What a step records: the details for every step but the refusal, its reason for that. */
export type TechRegistrationStep =
  | ({
      step: Exclude<TechRegistrationAction, 'reject'>;
    } & TechRegistrationFacts)
  | { step: 'reject'; reason: string };

export type TechRegistrationResult = Result<
  { done: TechRegistrationAction; status: TechRegistrationStatus },
  TechRegistrationRefusal
>;

const REASON_MAX = 2000;

/** The registration's details as the database holds them (select with TECH_DETAILS_SELECT). */
export type StoredTechDetails = {
  category: string;
  dealFen: bigint;
  transactionFen: bigint;
  registrationNo: string | null;
  registeredOn: Date | null;
};

export const TECH_DETAILS_SELECT = {
  category: true,
  dealFen: true,
  transactionFen: true,
  registrationNo: true,
  registeredOn: true,
} as const;

/** The details as JSON (audit records, the contract page): fen as numbers, the date as ISO. */
export function techRegistrationDetails(r: StoredTechDetails | null) {
  return r
    ? {
        category: r.category,
        dealFen: toFen(r.dealFen),
        transactionFen: toFen(r.transactionFen),
        registrationNo: r.registrationNo,
        registeredOn: r.registeredOn?.toISOString() ?? null,
      }
    : null;
}

/**
 * One step of the contract `code`'s technology contract registration by `actor`: staff only
 * (its parties are refused, anyone else finds no contract). The details are checked by the
 * domain against the status the step reaches and the contract's signing day; a refusal names
 * the field at fault and changes nothing.
 */
export async function recordTechRegistration(
  db: Db,
  actor: Actor,
  code: string,
  input: TechRegistrationStep,
  opts: { now?: Date } = {},
): Promise<TechRegistrationResult> {
  const now = opts.now ?? new Date();
  if (typeof code !== 'string' || code.length > 64)
    return refusal(TECH_REGISTRATION_ERRORS, 'notFound');
  const head = await db.contract.findUnique({ where: { code }, select: { id: true } });
  if (!head) return refusal(TECH_REGISTRATION_ERRORS, 'notFound');

  return command<
    { done: TechRegistrationAction; status: TechRegistrationStatus },
    TechRegistrationRefusal
  >(
    db,
    { errors: TECH_REGISTRATION_ERRORS, actor, lock: (tx) => lockContract(tx, head.id) },
    async ({ tx, audit }) => {
      const c = await tx.contract.findUniqueOrThrow({
        where: { id: head.id },
        select: {
          id: true,
          code: true,
          signedAt: true,
          enterpriseId: true,
          teamId: true,
          techRegistration: { select: { id: true, status: true, ...TECH_DETAILS_SELECT } },
        },
      });
      const role = contractPartyRole(actor, c);
      if (!role) throw new Refused('notFound');
      if (!isStaffRole(role)) throw new Refused('forbidden');

      const current = c.techRegistration;
      const from: TechRegistrationStatus =
        current && isTechRegistrationStatus(current.status) ? current.status : 'UNREGISTERED';
      let to: TechRegistrationStatus;
      try {
        to = transitionTechRegistration(from, input.step, role);
      } catch (error) {
        if (error instanceof TransitionError)
          throw new Refused(error.code === 'FORBIDDEN_ACTOR' ? 'forbidden' : 'notNow');
        throw error;
      }

      const before = techRegistrationDetails(current);
      let after = before;
      let reason: string | undefined;
      if (input.step === 'reject') {
        reason = typeof input.reason === 'string' ? input.reason.trim() : '';
        if (!reason || reason.length > REASON_MAX)
          throw new Refused('reason', { key: 'validation.required', field: 'reason' });
        // the office refused: the number and date it never gave stay empty
        await write(tx, current!.id, from, { status: to });
      } else {
        const facts: TechRegistrationFacts = {
          category: input.category,
          dealFen: input.dealFen,
          transactionFen: input.transactionFen,
          registrationNo: input.registrationNo,
          registeredOn: input.registeredOn,
        };
        const [problem] = checkTechRegistration(facts, { status: to, signedAt: c.signedAt, now });
        if (problem) throw new Refused(problem.error, { field: problem.field });
        const details = {
          category: facts.category as string,
          dealFen: BigInt(facts.dealFen as number),
          transactionFen: BigInt(facts.transactionFen as number),
          registrationNo: facts.registrationNo,
          registeredOn: facts.registeredOn,
          status: to,
        };
        if (details.registrationNo) {
          const holder = await tx.techRegistration.findUnique({
            where: { registrationNo: details.registrationNo },
            select: { contractId: true },
          });
          if (holder && holder.contractId !== c.id)
            throw new Refused('numberTaken', { field: 'registrationNo' });
        }
        try {
          if (current) await write(tx, current.id, from, details);
          else await tx.techRegistration.create({ data: { contractId: c.id, ...details } });
        } catch (error) {
          // another contract's registration took the number after the look above
          if (isUniqueViolation(error))
            throw new Refused('numberTaken', { field: 'registrationNo' });
          throw error;
        }
        after = techRegistrationDetails(details);
      }

      await audit({
        action: `techRegistration.${input.step}`,
        entityType: 'Contract',
        entityId: c.id,
        data: { code: c.code, from, to, by: role, before, after, ...(reason ? { reason } : {}) },
        at: now,
      });
      return { done: input.step, status: to };
    },
  );
}

/** Writes the row as it was read (its status unchanged since), or refuses as a conflict. */
async function write(
  tx: Tx,
  id: string,
  from: TechRegistrationStatus,
  data: Prisma.TechRegistrationUpdateManyMutationInput,
) {
  const updated = await tx.techRegistration.updateMany({ where: { id, status: from }, data });
  if (updated.count !== 1) throw new Refused('conflict');
}
