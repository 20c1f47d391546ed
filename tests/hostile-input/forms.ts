// The hostile-input suite's data (tests/hostile-input.db.test.ts): the forms of the app, the names
// they read, and fast-check bodies in which every value a known field is given is one it refuses.
import fc from 'fast-check';
import * as alerts from '~/forms/alerts';
import * as appealRemedies from '~/forms/appeal-remedies';
import * as applications from '~/forms/applications';
import * as auth from '~/forms/auth';
import * as contracts from '~/forms/contracts';
import * as duplicates from '~/forms/duplicates';
import * as evaluation from '~/forms/evaluation';
import * as events from '~/forms/events';
import * as funding from '~/forms/funding';
import * as needs from '~/forms/needs';
import * as payments from '~/forms/payments';
import * as questions from '~/forms/questions';
import * as techRegistration from '~/forms/tech-registration';
import * as reviewDue from '~/forms/review-due';
import * as vacancies from '~/forms/vacancies';
import { listsOf, textFieldsOf } from '~/lib/form-shape';

export const SCHEMAS = [
  needs.needSchema(),
  needs.needDecisionSchema,
  duplicates.markDuplicateSchema,
  funding.fundingConfirmSchema,
  auth.signInSchema,
  auth.secondFactorSchema,
  auth.signUpSchema,
  auth.passwordChangeSchema,
  auth.resetRequestSchema,
  auth.inviteSchema,
  auth.staffInviteSchema,
  applications.applicationSchema('OPEN'),
  applications.applicationIntentSchema,
  contracts.contractSchema({ rewardFen: 1 }),
  contracts.offerSchema,
  contracts.acceptOfferSchema,
  contracts.contractActionSchema,
  evaluation.challengeDeskSchema,
  evaluation.assignmentSchema,
  evaluation.awardDecisionSchema,
  evaluation.appealResolutionSchema,
  appealRemedies.appealRemedySchema,
  events.createEventSchema,
  events.eventPageSchema,
  payments.paymentActionSchema,
  questions.questionActionSchema,
  alerts.alertActionSchema,
  alerts.unsubscribeSchema,
  reviewDue.expertDeskSchema,
  techRegistration.techRegistrationSchema(),
  techRegistration.techRejectSchema,
  vacancies.declineAwardSchema,
  vacancies.vacancyDeskSchema,
];

/** Every name a form of the app reads, lists at their first index (`members[0].name`). */
export const KNOWN = [
  ...new Set(
    SCHEMAS.flatMap((s) => textFieldsOf(s).map((f) => f.path.replaceAll('[]', '[0]'))).concat(
      // enums and literals are fields too: intent, kind, field, bountyType, country, role …
      [
        'intent',
        'kind',
        'field',
        'bountyType',
        'country',
        'role',
        'outcome',
        'confirm',
        'file',
        'step',
      ],
    ),
  ),
].sort();
export const LISTS = [...new Set(SCHEMAS.flatMap((s) => listsOf(s).map((l) => l.path)))];

/** Fields whose value is hashed or compared, never stored: only length makes them invalid. */
const UNSTORED = new Set(['password', 'currentPassword', 'newPassword', 'code']);

/** A long value, kept as its length so that a counterexample prints short. */
const long = (length: number, fill = 'x'): Value => ({ length, fill });
const MEGABYTE = long(1_000_000);
const CONTROL = ['\u0000', '\u0001', '\u0007', '\u0008', '\u000b', '\u000c', '\u001b', '\u001f'];

/** A value every field refuses: a control character inside, or longer than any field allows. */
const poison = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .tuple(
        fc.string({ maxLength: 12 }),
        fc.constantFrom(...CONTROL),
        fc.string({ maxLength: 12 }),
      )
      .map(([a, c, b]): Value => `${a}${c}${b}`),
  },
  { weight: 1, arbitrary: fc.constant(long(10_001, 'y')) },
);
const unstoredPoison = fc.constantFrom(long(1_001, 'p'), long(1_001, '\u0000'));

const intentJson = (type: string, payload: object) => JSON.stringify({ type, payload });

/** Names that must cost nothing: indices in the millions, unknown and malformed names. */
const HOSTILE_NAMES = [
  ...LISTS.map((l) => `${l}[10000000]`),
  ...LISTS.map((l) => `${l}[9999999].name`),
  ...LISTS.map((l) => `${l}[99999999999999999999]`),
  'junk[10000000]',
  'junk[10000000].deep[10000000]',
  '__proto__.polluted',
  'constructor.prototype.x',
  'title[0]', // a list where one value belongs
  'members[0]', // a value where a group belongs
  'targets',
  'a'.repeat(5000),
  '',
];

const hostileEntry = fc.oneof(
  fc.tuple(fc.constantFrom(...HOSTILE_NAMES), fc.string({ maxLength: 20 })),
  fc.tuple(
    fc.constant('__intent__'),
    fc.oneof(
      fc.constant('{not json'),
      fc.constant<Value>(MEGABYTE),
      ...LISTS.map((l) => fc.constant(intentJson('insert', { name: l, index: 10_000_000 }))),
      ...LISTS.map((l) =>
        fc.constant(intentJson('update', { name: l, index: 10_000_000, value: 'x' })),
      ),
      fc.constant(intentJson('reorder', { name: 'targets', from: 0, to: 1e9 })),
      fc.constant(intentJson('validate', { name: 'junk[10000000]' })),
    ),
  ),
  fc.tuple(fc.constant('__state__'), fc.constantFrom<Value>('{bad', '[]', MEGABYTE, '{}')),
);

export type Value = string | { file: string } | { length: number; fill: string };
export type Body = {
  entries: [string, Value][];
  encoding: 'urlencoded' | 'multipart' | 'json' | 'brokenMultipart';
};

const knownEntry = fc.constantFrom(...KNOWN).chain((name) =>
  fc.tuple(
    fc.constant(name),
    (name === 'file'
      ? fc.constant<Value>({ file: 'not really a PNG' })
      : UNSTORED.has(name)
        ? unstoredPoison
        : fc.oneof(
            { weight: 8, arbitrary: poison as fc.Arbitrary<Value> },
            // a file where text belongs
            { weight: 1, arbitrary: fc.constant<Value>({ file: '\u0000' }) },
          )) as fc.Arbitrary<Value>,
  ),
);

export const body: fc.Arbitrary<Body> = fc
  .record({
    known: fc.array(knownEntry, { minLength: 1, maxLength: 6 }),
    hostile: fc.array(hostileEntry, { maxLength: 6 }),
    duplicate: fc.nat({ max: 3 }),
    // one body in ten also carries a 1 MB value in a field the forms know
    megabyte: fc.oneof(
      { weight: 9, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.constantFrom(...KNOWN) },
    ),
    encoding: fc.constantFrom<Body['encoding']>(
      'urlencoded',
      'urlencoded',
      'multipart',
      'json',
      'brokenMultipart',
    ),
  })
  .map(({ known, hostile, duplicate, megabyte, encoding }) => ({
    entries: [
      ...known,
      ...hostile,
      // the first known field sent again (a duplicated field)
      ...Array.from({ length: duplicate }, () => known[0]!),
      ...(megabyte ? [[megabyte, MEGABYTE] as [string, Value]] : []),
    ],
    encoding,
  }));

const text = (value: Value) =>
  typeof value === 'string'
    ? value
    : 'file' in value
      ? value.file
      : value.fill.repeat(value.length);

export function encode(b: Body): { body: BodyInit; contentType?: string } {
  if (b.encoding === 'json')
    return {
      body: JSON.stringify(Object.fromEntries(b.entries.map(([k, v]) => [k, text(v)]))),
      contentType: 'application/json',
    };
  if (b.encoding === 'brokenMultipart')
    return {
      body: '--x\r\nContent-Disposition: form-data; name="title"\r\n\r\nunterminated',
      contentType: 'multipart/form-data; boundary=y',
    };
  if (b.encoding === 'multipart') {
    const form = new FormData();
    for (const [name, value] of b.entries) {
      if (typeof value === 'object' && 'file' in value)
        form.append(name, new Blob([value.file], { type: 'image/png' }), 'x.png');
      else form.append(name, text(value));
    }
    return { body: form };
  }
  const params = new URLSearchParams();
  for (const [name, value] of b.entries) params.append(name, text(value));
  return { body: params };
}

/**
 * Forms that post to their page's action under an intent of their own, read by a parser of
 * their own (the vetting page's cards, routes/review.needs.$id.server.ts): the page's action is
 * also sent the hostile bodies with that intent, which no random body carries.
 */
export const INTENT_FORMS: [route: string, intent: string][] = [
  ['review.needs.$id', funding.FUNDING_INTENT],
  ['review.needs.$id', duplicates.DUPLICATE_INTENT],
];
