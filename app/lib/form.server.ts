// The one door every action's form goes through (ADR 014). Conform turns a field name such as
// `targets[10000000]` into a ten-million-slot array before zod runs, and `submission.reply()`
// echoes whatever was sent; both let a 200-byte request stall the server or a 10 MB one come
// back twice as large. parseForm reads the form against the zod schema's own shape first: only
// names the schema knows reach Conform, no list index beyond that list's declared maximum, a
// bounded number of entries, and a reply that echoes no value beyond its field's length limit.
import { parseWithZod } from '@conform-to/zod/v4';
import type { Submission as ConformSubmission, SubmissionResult } from '@conform-to/react';
import type { z } from 'zod';
import { shapeOf, type Shape } from './form-shape';

/** More entries than any form of the app has (the largest: 20 members × 3 fields). */
export const MAX_FORM_ENTRIES = 500;
/** No field name of the app comes near this; longer names are dropped unread. */
const MAX_NAME_LENGTH = 200;
/** Conform's own `__intent__` / `__state__` (list buttons without JavaScript). */
const MAX_CONTROL_LENGTH = 4000;
const INTENT = '__intent__';
const STATE = '__state__';

type Segment = string | number;

/** Conform's name grammar (`a.b[0].c`, `a[]`); null when the name is not one. */
function segmentsOf(name: string): Segment[] | null {
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) return null;
  const token = /([^.[\]]+)|\[(\d*)\]/g;
  const segments: Segment[] = [];
  let last = 0;
  let match: RegExpExecArray | null;
  while ((match = token.exec(name))) {
    if (match.index !== last && !(match.index === last + 1 && name[last] === '.')) return null;
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] === '') segments.push('');
    else if (match[2]!.length > 9) segments.push(Number.MAX_SAFE_INTEGER);
    else segments.push(Number(match[2]));
    last = token.lastIndex;
  }
  return last === name.length ? segments : null;
}

function formatPath(segments: Segment[]) {
  return segments.reduce<string>(
    (path, s) =>
      s === '' ? `${path}[]` : typeof s === 'number' ? `${path}[${s}]` : path ? `${path}.${s}` : s,
    '',
  );
}

type Resolved =
  | { ok: true; shape: Shape }
  | { ok: false; overflow?: { path: string; list: Extract<Shape, { kind: 'list' }> } };

/** Where a name lands in the schema's shape; an index beyond its list's maximum overflows. */
function resolve(root: Shape, segments: Segment[]): Resolved {
  let shape = root;
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    if (shape.kind === 'object' && typeof s === 'string' && s !== '') {
      const next = shape.fields.get(s);
      if (!next) return { ok: false };
      shape = next;
    } else if (shape.kind === 'list' && typeof s === 'number') {
      if (s >= shape.max)
        return { ok: false, overflow: { path: formatPath(segments.slice(0, i)), list: shape } };
      shape = shape.item;
    } else if (shape.kind === 'list' && s === '' && i === segments.length - 1) {
      shape = shape.item;
    } else return { ok: false };
  }
  return { ok: true, shape };
}

/** The list's own "too many" message (e.g. needs.errors.targetsTooMany), found once. */
function tooManyMessage(list: Extract<Shape, { kind: 'list' }>) {
  if (list.message === undefined) {
    const probe = list.schema.safeParse(new Array(list.max + 1).fill(undefined));
    const issue = probe.success
      ? undefined
      : probe.error.issues.find((i) => i.code === 'too_big' && i.path.length === 0);
    list.message = issue?.message ?? 'validation.tooManyItems';
  }
  return list.message;
}

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g;

/** A value as it may be echoed: cut to its field's limit, control characters shown as �. */
function echoValue(value: unknown, shape: Shape | undefined): unknown {
  if (!shape) return undefined;
  if (shape.kind === 'leaf') {
    if (typeof value === 'string')
      return value.slice(0, shape.maxLength).replace(CONTROL_CHARS, '\uFFFD');
    // a duplicated field: Conform made a list of its values
    if (Array.isArray(value))
      return value
        .slice(0, 2)
        .map((v) => (typeof v === 'string' ? echoValue(v, shape) : undefined));
    return undefined;
  }
  if (shape.kind === 'list') {
    if (!Array.isArray(value))
      return typeof value === 'string' ? echoValue(value, shape.item) : undefined;
    return value.slice(0, shape.max).map((v) => echoValue(v, shape.item));
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const field = shape.fields.get(key);
    if (field) out[key] = echoValue(v, field);
  }
  return out;
}

/** A reply with nothing echoed beyond its field's limit and no name the schema does not know. */
export function boundReply(result: SubmissionResult<string[]>, schema: z.ZodType) {
  const root = shapeOf(schema);
  const bounded: SubmissionResult<string[]> = { ...result };
  if (result.initialValue) bounded.initialValue = echoValue(result.initialValue, root) as never;
  if (result.fields) bounded.fields = result.fields.filter((f) => f.length <= MAX_NAME_LENGTH);
  if (result.state && JSON.stringify(result.state).length > MAX_CONTROL_LENGTH)
    delete bounded.state;
  return bounded;
}

/** Conform's own form state: a small JSON object, or nothing (Conform would throw on it). */
function stateIsBounded(raw: string) {
  if (raw.length > MAX_CONTROL_LENGTH) return false;
  try {
    const state: unknown = JSON.parse(raw);
    return typeof state === 'object' && state !== null && !Array.isArray(state);
  } catch {
    return false;
  }
}

/** Conform's list buttons and field validation, checked against the schema like any name. */
function intentIsBounded(raw: string, root: Shape): boolean {
  if (raw.length > MAX_CONTROL_LENGTH) return false;
  let intent: unknown;
  try {
    intent = JSON.parse(raw);
  } catch {
    return false;
  }
  if (!intent || typeof intent !== 'object') return false;
  const { type, payload } = intent as { type?: unknown; payload?: Record<string, unknown> };
  if (!payload || typeof payload !== 'object') return false;
  const name = payload.name === undefined ? '' : payload.name;
  if (typeof name !== 'string') return false;
  const index = (key: string) =>
    payload[key] === undefined || (Number.isInteger(payload[key]) && (payload[key] as number) >= 0);
  const at = (segments: Segment[] | null) =>
    segments === null ? null : segments.length === 0 ? root : resolve(root, segments);
  const target = (extra?: unknown) => {
    const base = name === '' ? [] : segmentsOf(name);
    if (base === null) return null;
    const resolved = at(typeof extra === 'number' ? [...base, extra] : base);
    if (resolved === null) return null;
    return 'kind' in resolved ? resolved : resolved.ok ? resolved.shape : null;
  };
  switch (type) {
    case 'validate':
      return target() !== null;
    case 'update':
    case 'reset':
      return index('index') && target(payload.index) !== null;
    case 'insert':
    case 'remove':
    case 'reorder': {
      const list = target();
      if (list?.kind !== 'list') return false;
      return ['index', 'from', 'to'].every(
        (k) => index(k) && (payload[k] === undefined || (payload[k] as number) <= list.max),
      );
    }
    default:
      return false;
  }
}

type ParseOptions<Schema extends z.ZodType> = { schema: Schema };

/**
 * Reads a form for `schema` as Conform does, within bounds: unknown names are dropped, an
 * index beyond a list's maximum is a field error on that list, more than MAX_FORM_ENTRIES
 * entries is a form error, and `reply()` echoes only bounded values of known fields.
 *
 * Given a Request, a body that is not a form answers 400.
 */
export async function parseForm<Schema extends z.ZodType>(
  input: Request | FormData,
  options: ParseOptions<Schema>,
): Promise<Submission<Schema>> {
  const formData = input instanceof Request ? await readFormData(input) : input;
  return parseFormData(formData, options);
}

/** The request's form, or a 400 for a body that is not one. */
export async function readFormData(request: Request): Promise<FormData> {
  const formData = await request.formData().catch(() => null);
  if (!formData) throw new Response('Bad Request', { status: 400 });
  return formData;
}

export function parseFormData<Schema extends z.ZodType>(
  formData: FormData,
  { schema }: ParseOptions<Schema>,
): Submission<Schema> {
  const root = shapeOf(schema);
  const kept = new FormData();
  const errors: Record<string, string[]> = {};
  const counts = new Map<string, number>();
  let entries = 0;
  let refused: string | null = null;

  for (const [name, value] of formData.entries()) {
    if (++entries > MAX_FORM_ENTRIES) {
      refused = 'validation.tooManyFields';
      break;
    }
    if (name === INTENT || name === STATE) {
      if (typeof value !== 'string') continue;
      if (name === STATE) {
        if (!kept.has(STATE) && stateIsBounded(value)) kept.set(STATE, value);
        continue;
      }
      if (kept.has(INTENT) || !intentIsBounded(value, root)) {
        refused = 'validation.invalid';
        break;
      }
      kept.set(INTENT, value);
      continue;
    }
    const segments = segmentsOf(name);
    if (!segments) continue;
    const resolved = resolve(root, segments);
    if (!resolved.ok) {
      if (resolved.overflow)
        errors[resolved.overflow.path] = [tooManyMessage(resolved.overflow.list)];
      continue;
    }
    // a name repeated: a list of plain values takes up to its maximum, any other field two
    // (enough for the schema to refuse it as a list where one value belongs)
    const count = (counts.get(name) ?? 0) + 1;
    counts.set(name, count);
    const list = resolved.shape.kind === 'list' ? resolved.shape : null;
    if (list && count > list.max) {
      errors[formatPath(segments.filter((s) => s !== ''))] = [tooManyMessage(list)];
      continue;
    }
    if (!list && count > 2) continue;
    // a name that lands on a group of fields, not on a value, carries nothing the schema reads
    if (resolved.shape.kind === 'object' || list?.item.kind === 'object') continue;
    if (typeof value !== 'string') continue; // files are read by the upload forms, not here
    kept.append(name, value);
  }

  if (refused)
    return withErrors(
      parseWithZod(new FormData(), { schema }) as Submission<Schema>,
      { '': [refused] },
      schema,
    );
  const submission = parseWithZod(kept, { schema }) as Submission<Schema>;
  return withErrors(submission, errors, schema);
}

export type Submission<Schema extends z.ZodType> = ConformSubmission<
  z.input<Schema>,
  string[],
  z.output<Schema>
>;

function withErrors<Schema extends z.ZodType>(
  submission: Submission<Schema>,
  extra: Record<string, string[]>,
  schema: Schema,
): Submission<Schema> {
  const reply = submission.reply.bind(submission);
  const bounded = (options?: Parameters<typeof reply>[0]) => boundReply(reply(options), schema);
  if (Object.keys(extra).length === 0)
    return { ...submission, reply: bounded } as Submission<Schema>;
  const merged = (options: Parameters<typeof reply>[0] = {}) => {
    const fieldErrors = Object.fromEntries(Object.entries(extra).filter(([k]) => k !== ''));
    const formErrors = [
      ...(extra[''] ?? []),
      ...(('formErrors' in options ? options.formErrors : undefined) ?? []),
    ];
    return bounded({
      ...options,
      fieldErrors: { ...fieldErrors, ...('fieldErrors' in options ? options.fieldErrors : {}) },
      ...(formErrors.length ? { formErrors } : {}),
    } as never);
  };
  return {
    status: submission.status === undefined ? undefined : 'error',
    payload: submission.payload,
    error: { ...(submission.status === 'success' ? {} : submission.error), ...extra },
    reply: merged,
  } as Submission<Schema>;
}

/**
 * A service's refusal (kernel/refusal.ts) as the errors of `submission.reply()`: its message
 * on the field at fault, or on the form when no one field is.
 */
export function refusalErrors(refused: { key: string; field?: string }) {
  return refused.field
    ? { fieldErrors: { [refused.field]: [refused.key] } }
    : { formErrors: [refused.key] };
}

/** A service's refusal (kernel/refusal.ts `Refusal`), as far as an action reads it. */
type ServiceRefusal = { ok: false; error: string; key: string; field?: string };

/**
 * A service's refusal as an action's answer: what does not exist for this user (or is
 * another's) answers 404, as the loader does; any other refusal is the form's errors.
 */
export function refusedReply<Schema extends z.ZodType>(
  submission: Submission<Schema>,
  refused: Omit<ServiceRefusal, 'ok'>,
  hideFields?: string[],
) {
  if (refused.error === 'notFound') throw new Response('Not found', { status: 404 });
  return submission.reply({ ...refusalErrors(refused), hideFields });
}

/**
 * The action of one form and one service call: the form read for `schema` (an invalid one
 * answered with Conform's reply), `run` on its value, a refusal answered as refusedReply does,
 * and `done` the answer to a success (most often a redirect to the page's notice).
 */
export async function formAction<
  Schema extends z.ZodType,
  Result extends { ok: true } | ServiceRefusal,
  Done,
>(
  input: Request | FormData,
  schema: Schema,
  {
    run,
    done,
    hideFields,
  }: {
    run: (value: z.output<Schema>) => Promise<Result>;
    done: (result: Extract<Result, { ok: true }>, value: z.output<Schema>) => Done;
    /** fields no reply echoes back (a password) */
    hideFields?: string[];
  },
) {
  const submission = await parseForm(input, { schema });
  if (submission.status !== 'success') return submission.reply({ hideFields });
  const result = await run(submission.value);
  if (!result.ok) return refusedReply(submission, result, hideFields);
  return done(result as Extract<Result, { ok: true }>, submission.value);
}
