// The technology contract registration forms of the contract page (技术合同认定登记,
// app/domain/tech-registration.ts): the details form that submits, resubmits, registers or
// corrects a registration (its `step`), and the office's refusal with its reason. Amounts are
// typed in 万元 and come out in fen; the rules are the domain's, run here on the fields the
// browser can check and again by the service with the contract's signing day.
import { z } from 'zod';
import { parseWanToFen } from '~/domain/money';
import { parseShanghaiDate } from '~/domain/shanghai-date';
import {
  checkTechRegistration,
  REGISTRATION_NO_MAX_LENGTH,
  type TechRegistrationFacts,
  type TechRegistrationField,
  type TechRegistrationStatus,
} from '~/domain/tech-registration';
import { cleanString, hasControlChars, text } from './common';
import { REASON_MAX_LENGTH, wanError } from './contracts';

export const TECH_INTENT = 'techRegistration';

/** The details form's steps: each an action of the registration's lifecycle. */
export const TECH_DETAIL_STEPS = ['submit', 'resubmit', 'register', 'amend'] as const;
export type TechDetailStep = (typeof TECH_DETAIL_STEPS)[number];

/** The status a step reaches, which decides whether a number and date belong to it. */
export const techStepReaches = (step: TechDetailStep): TechRegistrationStatus =>
  step === 'register' || step === 'amend' ? 'REGISTERED' : 'SUBMITTED';

// an amount in 万元 is a handful of digits; a category a code; a date YYYY-MM-DD
const AMOUNT_MAX_LENGTH = 30;
const CATEGORY_MAX_LENGTH = 20;
const DATE_MAX_LENGTH = 10;

/** The fields as typed, without the rules between them; Conform reads the constraints from it. */
export const techRegistrationFields = z.object({
  intent: z.literal(TECH_INTENT),
  step: z.enum(TECH_DETAIL_STEPS, { error: 'validation.invalid' }),
  category: text(CATEGORY_MAX_LENGTH),
  dealAmount: text(AMOUNT_MAX_LENGTH),
  transactionAmount: text(AMOUNT_MAX_LENGTH),
  registrationNo: cleanString(
    REGISTRATION_NO_MAX_LENGTH,
    'techRegistration.errors.numberFormat',
  ).optional(),
  registeredOn: cleanString(DATE_MAX_LENGTH, 'validation.invalid').optional(),
});

/** A value the field's own rule (length, control characters) let through; '' when absent. */
function usable(value: unknown, max: number): string | null {
  if (typeof value !== 'string') return null;
  const v = value.trim();
  return v.length <= max && !hasControlChars(v) ? v : null;
}

type Parsed = { facts: TechRegistrationFacts; failed: Set<TechRegistrationField> };

/** The form's values as the domain's facts, and the fields whose text could not be read. */
function readFields(
  v: Record<string, unknown>,
  issue: (f: TechRegistrationField, m: string) => void,
): Parsed {
  const failed = new Set<TechRegistrationField>();
  const amount = (name: 'dealAmount' | 'transactionAmount') => {
    const raw = usable(v[name], AMOUNT_MAX_LENGTH);
    if (!raw) {
      failed.add(name);
      return null;
    }
    const parsed = parseWanToFen(raw);
    if (parsed.ok) return parsed.fen;
    failed.add(name);
    issue(name, wanError(parsed.error));
    return null;
  };
  const category = usable(v.category, CATEGORY_MAX_LENGTH);
  if (!category) failed.add('category');
  const registrationNo = usable(v.registrationNo, REGISTRATION_NO_MAX_LENGTH);
  if (registrationNo === null && v.registrationNo !== undefined) failed.add('registrationNo');
  const day = usable(v.registeredOn, DATE_MAX_LENGTH);
  const registeredOn = day ? parseShanghaiDate(day) : null;
  if (day && !registeredOn) issue('registeredOn', 'validation.invalid');
  if ((day && !registeredOn) || (day === null && v.registeredOn !== undefined))
    failed.add('registeredOn');
  return {
    facts: {
      category: category || null,
      dealFen: amount('dealAmount'),
      transactionFen: amount('transactionAmount'),
      registrationNo: registrationNo || null,
      registeredOn,
    },
    failed,
  };
}

/**
 * The details form. `now` decides what a registration date in the future is; the date against
 * the contract's signing is the service's to check (it knows the contract).
 */
export function techRegistrationSchema(opts: { now?: Date } = {}) {
  const now = opts.now ?? new Date();
  return techRegistrationFields
    .superRefine((v, ctx) => {
      // (zod runs this after a field's own rule failed: such a field is left to its message)
      const issue = (f: TechRegistrationField, message: string) =>
        ctx.addIssue({ code: 'custom', path: [f], message });
      const { facts, failed } = readFields(v, issue);
      const problems = checkTechRegistration(facts, {
        status: techStepReaches(v.step),
        signedAt: null,
        now,
      });
      for (const p of problems)
        if (!failed.has(p.field)) issue(p.field, `techRegistration.errors.${p.error}`);
    })
    .transform((v) => ({
      intent: v.intent,
      step: v.step,
      category: v.category,
      dealFen: (parseWanToFen(v.dealAmount) as { ok: true; fen: number }).fen,
      transactionFen: (parseWanToFen(v.transactionAmount) as { ok: true; fen: number }).fen,
      registrationNo: v.registrationNo || null,
      registeredOn: v.registeredOn ? parseShanghaiDate(v.registeredOn) : null,
    }));
}

export type TechRegistrationInput = z.output<ReturnType<typeof techRegistrationSchema>>;

/** The office refused to register (不予登记): the reason, for the trail. */
export const techRejectSchema = z.object({
  intent: z.literal(TECH_INTENT),
  step: z.literal('reject', { error: 'validation.invalid' }),
  reason: text(REASON_MAX_LENGTH),
});

export type TechRejectInput = z.output<typeof techRejectSchema>;

/** Which of the two forms a post is: the refusal names its step. */
export const isTechReject = (formData: FormData) => formData.get('step') === 'reject';
