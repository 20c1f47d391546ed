import { parseWithZod } from '@conform-to/zod/v4';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as applications from '~/forms/applications';
import * as auth from '~/forms/auth';
import * as contracts from '~/forms/contracts';
import * as evaluation from '~/forms/evaluation';
import * as events from '~/forms/events';
import * as needs from '~/forms/needs';
import * as payments from '~/forms/payments';
import * as questions from '~/forms/questions';
import { listsOf, textFieldsOf } from './form-shape';
import { formAction, MAX_FORM_ENTRIES, parseFormData } from './form.server';

const form = (entries: [string, string][]) => {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
};

const validNeed: [string, string][] = [
  ['title', '高温陶瓷涂层'],
  ['field', '新材料'],
  ['background', '背景'],
  ['targets[0]', '耐温1200度'],
  ['bountyType', 'FIXED'],
  ['bountyWan', '100'],
  ['applicationDeadline', '2099-01-01'],
  ['implementationMonths', '12'],
  ['contactName', '张三'],
  ['contactPhone', '0533-1234567'],
];

/** The submission's errors by field ('' for the form), or none. */
const errorsOf = (s: object) =>
  ('error' in s ? (s.error as Record<string, string[] | null> | undefined) : undefined) ?? {};

describe('parseFormData', () => {
  it('accepts a valid form as Conform would', () => {
    const s = parseFormData(form(validNeed), { schema: needs.needSchema() });
    expect(s.status).toBe('success');
    expect(s.status === 'success' && s.value.targets).toEqual(['耐温1200度']);
    expect(s.status === 'success' && s.value.bountyFen).toBe(100 * 1_000_000);
  });

  it('answers an index beyond the list maximum with an error on that list, at once', () => {
    const s = parseFormData(form([...validNeed, ['targets[10000000]', 'x']]), {
      schema: needs.needSchema(),
    });
    expect(s.status).toBe('error');
    expect(errorsOf(s).targets).toEqual(['needs.errors.targetsTooMany']);
    // the payload Conform built holds the valid entry only
    expect((s.payload.targets as unknown[]).length).toBe(1);
  });

  it('checks the index against the declared maximum exactly', () => {
    const at = (i: number) =>
      parseFormData(form([...validNeed, [`targets[${i}]`, 'x']]), { schema: needs.needSchema() });
    expect(errorsOf(at(needs.MAX_TARGETS - 1)).targets).toBeUndefined();
    expect(errorsOf(at(needs.MAX_TARGETS)).targets).toEqual(['needs.errors.targetsTooMany']);
  });

  it('finds nested lists: members[9999999].name is an error on members', () => {
    const s = parseFormData(form([['members[9999999].name', 'x']]), {
      schema: applications.applicationSchema('FIXED'),
    });
    expect(errorsOf(s).members).toEqual(['applications.errors.membersTooMany']);
    // no sparse list of ten million slots was built
    expect(((s.payload.members as unknown[] | undefined) ?? []).length).toBeLessThanOrEqual(1);
  });

  it('refuses a list of plain values sent more often than its maximum', () => {
    const s = parseFormData(
      form([
        ['intent', 'assign'],
        ...Array.from({ length: 60 }, () => ['reviewerIds', 'r'] as [string, string]),
      ]),
      { schema: evaluation.challengeDeskSchema },
    );
    expect(errorsOf(s).reviewerIds).toEqual(['validation.invalid']);
    expect((s.payload.reviewerIds as unknown[]).length).toBe(50);
  });

  it('ignores names the schema does not know, and does not echo them', () => {
    const s = parseFormData(
      form([
        ['email', 'a@b.example'],
        ['password', 'pw'],
        ['junk[10000000]', 'x'],
        ['__proto__.polluted', 'x'],
        ['email.inner', 'x'],
        ['x'.repeat(10_000), 'y'],
      ]),
      { schema: auth.signInSchema },
    );
    expect(s.status).toBe('success');
    expect(Object.keys(s.payload).sort()).toEqual(['email', 'password']);
    const reply = s.reply();
    expect(reply.fields?.sort()).toEqual(['email', 'password']);
    expect(JSON.stringify(reply).length).toBeLessThan(500);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('echoes no value beyond its field limit', () => {
    const huge = 'x'.repeat(1_000_000);
    const s = parseFormData(
      form([
        ['email', huge],
        ['password', huge],
        ['redirectTo', huge],
      ]),
      { schema: auth.signInSchema },
    );
    expect(s.status).toBe('error');
    const reply = s.reply({ hideFields: ['password'] });
    const echoed = reply.initialValue as Record<string, string>;
    expect(echoed.email!.length).toBe(254);
    expect(echoed.redirectTo!.length).toBe(2000);
    expect(echoed.password).toBeUndefined();
    expect(JSON.stringify(reply).length).toBeLessThan(3000);
  });

  it('bounds the echo of a duplicated field to two values', () => {
    const s = parseFormData(
      form(Array.from({ length: 300 }, () => ['email', 'y'.repeat(1000)] as [string, string])),
      { schema: auth.resetRequestSchema },
    );
    expect(s.status).toBe('error');
    expect(JSON.stringify(s.reply()).length).toBeLessThan(1000);
  });

  it('refuses NUL and other control characters with a field error', () => {
    // a vertical tab or form feed at an end too: trim() counts them as white space
    for (const bad of [
      '\u0000',
      'a\u0000b',
      'x\u0007',
      '\u001b[31m',
      'a\u000bb',
      '\u000bab',
      'ab\u000c',
    ]) {
      const s = parseFormData(
        form(validNeed.map(([k, v]) => (k === 'title' ? [k, bad] : [k, v]))),
        { schema: needs.needSchema() },
      );
      expect(s.status, JSON.stringify(bad)).toBe('error');
      expect(errorsOf(s).title).toContain('validation.controlChars');
      // the echo shows where the character was, without carrying it
      expect(JSON.stringify(s.reply().initialValue)).not.toMatch(/\\u000[0-8bB]|\\u001/);
    }
  });

  it('keeps tab, newline and carriage return in free text', () => {
    const s = parseFormData(
      form(validNeed.map(([k, v]) => (k === 'background' ? [k, '第一行\r\n\t第二行'] : [k, v]))),
      { schema: needs.needSchema() },
    );
    expect(s.status).toBe('success');
  });

  it('refuses a form with more entries than any form has, as a form error', () => {
    const many = Array.from(
      { length: MAX_FORM_ENTRIES + 1 },
      () => ['junk', 'x'] as [string, string],
    );
    const s = parseFormData(form([...validNeed, ...many]), { schema: needs.needSchema() });
    expect(s.status).toBe('error');
    expect(errorsOf(s)['']).toEqual(['validation.tooManyFields']);
    expect(s.reply().error?.['']).toEqual(['validation.tooManyFields']);
  });

  it("checks Conform's list buttons like any name", () => {
    const intent = (payload: object) => JSON.stringify(payload);
    const bad = [
      '{not json',
      intent({ type: 'insert', payload: { name: 'targets', index: 10_000_000 } }),
      intent({ type: 'update', payload: { name: 'targets', index: 10_000_000, value: 'x' } }),
      intent({ type: 'reset', payload: { name: 'junk' } }),
      intent({ type: 'remove', payload: { name: 'title', index: 0 } }),
      intent({ type: 'whatever', payload: {} }),
    ];
    for (const raw of bad) {
      const s = parseFormData(form([...validNeed, ['__intent__', raw]]), {
        schema: needs.needSchema(),
      });
      expect(s.status, raw).toBe('error');
      expect(((s.payload.targets as unknown[] | undefined) ?? []).length, raw).toBeLessThanOrEqual(
        1,
      );
      expect(errorsOf(s)[''], raw).toEqual(['validation.invalid']);
    }
    const ok = parseFormData(
      form([
        ...validNeed,
        ['__intent__', intent({ type: 'insert', payload: { name: 'targets', defaultValue: '' } })],
      ]),
      { schema: needs.needSchema() },
    );
    expect(ok.status).toBeUndefined(); // a list button: Conform answers with the form, not a submit
    expect((ok.payload.targets as unknown[]).length).toBe(2);
  });

  it('adds its errors to those the action adds itself', () => {
    const s = parseFormData(form([...validNeed, ['targets[99]', 'x']]), {
      schema: needs.needSchema(),
    });
    const reply = s.reply({ formErrors: ['needs.errors.conflict'] });
    expect(reply.error?.targets).toEqual(['needs.errors.targetsTooMany']);
    expect(reply.error?.['']).toEqual(['needs.errors.conflict']);
  });

  it('does what parseWithZod does on a valid application form', () => {
    const entries: [string, string][] = [
      ['institution', '山东科技大学'],
      ['approach', '方案'],
      ['schedule', '计划'],
      ['budgetWan', '10'],
      ['members[0].name', '孟'],
      ['members[0].role', '负责人'],
      ['members[1].name', '关'],
      ['members[1].role', '成员'],
      ['members[1].title', '教授'],
    ];
    const schema = applications.applicationSchema('FIXED');
    const ours = parseFormData(form(entries), { schema });
    const theirs = parseWithZod(form(entries), { schema });
    expect(ours.status).toBe('success');
    expect(ours.status === 'success' && ours.value).toEqual(
      theirs.status === 'success' && theirs.value,
    );
  });
});

// Every schema an action parses a form with (route-local ones are small enum/intent schemas).
const FORM_SCHEMAS: Record<string, z.ZodType> = {
  need: needs.needSchema(),
  needDecision: needs.needDecisionSchema,
  signIn: auth.signInSchema,
  secondFactor: auth.secondFactorSchema,
  signUp: auth.signUpSchema,
  passwordChange: auth.passwordChangeSchema,
  resetRequest: auth.resetRequestSchema,
  reset: auth.resetSchema,
  invite: auth.inviteSchema,
  acceptInvite: auth.acceptInviteSchema,
  staffInvite: auth.staffInviteSchema,
  applicationFixed: applications.applicationSchema('FIXED'),
  applicationOpen: applications.applicationSchema('OPEN'),
  applicationIntent: applications.applicationIntentSchema,
  contract: contracts.contractSchema({ rewardFen: 1 }),
  offer: contracts.offerSchema,
  acceptOffer: contracts.acceptOfferSchema,
  contractAction: contracts.contractActionSchema,
  challengeDesk: evaluation.challengeDeskSchema,
  assignment: evaluation.assignmentSchema,
  awardDecision: evaluation.awardDecisionSchema,
  appeal: evaluation.appealSchema,
  appealResolution: evaluation.appealResolutionSchema,
  createEvent: events.createEventSchema,
  eventPage: events.eventPageSchema,
  payment: payments.paymentActionSchema,
  question: questions.questionActionSchema,
};

/**
 * Strings that are never stored as text: passwords are hashed, the second-factor code is
 * compared. Every other string of every form must refuse control characters on its own field.
 */
const NOT_STORED = new Set(['password', 'currentPassword', 'newPassword', 'code']);

describe('every form', () => {
  it('declares a maximum for each of its lists', () => {
    const lists = Object.entries(FORM_SCHEMAS).flatMap(([name, schema]) =>
      listsOf(schema).map((l) => ({ form: name, ...l })),
    );
    expect(lists.map((l) => l.path)).toEqual(
      expect.arrayContaining([
        'targets',
        'members',
        'milestones',
        'criteria',
        'reviewerIds',
        'scores',
      ]),
    );
    expect(lists.filter((l) => !l.declared)).toEqual([]);
    for (const l of lists) expect(l.max, `${l.form}.${l.path}`).toBeLessThanOrEqual(50);
  });

  it('refuses NUL in each of its text fields, on the field itself', () => {
    const accepting = Object.entries(FORM_SCHEMAS).flatMap(([name, schema]) =>
      textFieldsOf(schema)
        .filter((f) => !NOT_STORED.has(f.path))
        .filter((f) => f.schema.safeParse('a\u0000b').success)
        .map((f) => `${name}.${f.path}`),
    );
    expect(accepting).toEqual([]);
  });
});

describe('formAction', () => {
  const schema = z.object({ reason: z.string({ error: 'validation.required' }) });
  const refused = (error: string, field?: string) =>
    Promise.resolve({ ok: false as const, error, key: `x.${error}`, ...(field ? { field } : {}) });
  const done = (result: { id: string }, value: { reason: string }) =>
    `${result.id}:${value.reason}`;

  it('answers an invalid form with its reply, without running the service', async () => {
    let ran = false;
    const answer = await formAction(form([]), schema, {
      run: () => {
        ran = true;
        return Promise.resolve({ ok: true as const, id: '1' });
      },
      done,
    });
    expect(ran).toBe(false);
    expect(errorsOf(answer as object)).toEqual({ reason: ['validation.required'] });
  });

  it('answers a success with done, given the result and the value', async () => {
    const answer = await formAction(form([['reason', 'r']]), schema, {
      run: () => Promise.resolve({ ok: true as const, id: '1' }),
      done,
    });
    expect(answer).toBe('1:r');
  });

  it("puts a refusal on its field or on the form, and answers 'notFound' with a 404", async () => {
    const run = (error: string, field?: string) =>
      formAction(form([['reason', 'r']]), schema, { run: () => refused(error, field), done });
    expect(errorsOf((await run('late')) as object)).toEqual({ '': ['x.late'] });
    expect(errorsOf((await run('short', 'reason')) as object)).toEqual({ reason: ['x.short'] });
    const thrown = await run('notFound').catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(404);
  });

  it('echoes no hidden field, whether the form is invalid or refused', async () => {
    const secret = z.object({ reason: z.string().min(2), password: z.string() });
    const answer = (reason: string) =>
      formAction(
        form([
          ['reason', reason],
          ['password', 'hunter2'],
        ]),
        secret,
        {
          hideFields: ['password'],
          run: () => refused('late'),
          done,
        },
      );
    for (const reply of [await answer('r'), await answer('rr')])
      expect(JSON.stringify(reply)).not.toContain('hunter2');
  });
});
