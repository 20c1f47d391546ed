// A form's rules for the browser, derived from the action's own zod schema (ADR 020, "Sign-in
// and sign-up without zod in the browser"): the loader hands them to useRulesForm, so the page
// catches an empty field or a malformed address before a round trip without shipping zod.
// Conform's getZodConstraint gives `required` and an enum's pattern; it finds no string lengths
// in zod 4's checks, so the lengths are read here, the way form-shape.ts reads a maximum.
import { getZodConstraint } from '@conform-to/zod/v4';
import type { z } from 'zod';
import type { BrowserRules, Flaw, NativeRule } from '~/components/post-form';
import { defOf } from './form-shape';

type Found = NativeRule & { format?: boolean };

/** A string field's tightest length limits, and whether it has a format (an e-mail's), through
 * optional, default and pipe. */
function lengthsOf(schema: z.ZodType, into: Found = {}, depth = 0): Found {
  if (depth > 10) return into;
  const def = defOf(schema);
  for (const check of def.checks ?? []) {
    const { check: kind, minimum, maximum } = check._zod.def;
    if (kind === 'min_length' && minimum !== undefined)
      into.minLength = Math.max(into.minLength ?? 0, minimum);
    if (kind === 'max_length' && maximum !== undefined)
      into.maxLength = Math.min(into.maxLength ?? Infinity, maximum);
    if (kind === 'string_format') into.format = true;
  }
  if (def.type === 'string' && 'format' in def) into.format = true;
  if (def.innerType) lengthsOf(def.innerType, into, depth + 1);
  if (def.type === 'pipe') {
    if (def.in && defOf(def.in).type !== 'transform') lengthsOf(def.in, into, depth + 1);
    if (def.out && defOf(def.out).type !== 'transform') lengthsOf(def.out, into, depth + 1);
  }
  return into;
}

/** The message the schema gives `value` for this field (the first), if it refuses it. */
function refusal(field: z.ZodType, value: unknown) {
  const result = field.safeParse(value);
  return result.success ? undefined : result.error.issues[0]?.message;
}

// a schema's rules never change: worked out once, not on every page view
const known = new WeakMap<z.ZodObject, BrowserRules>();

/** Each field's native constraint and, per flaw the browser can see, the schema's own message. */
export function browserRules(schema: z.ZodObject): BrowserRules {
  let rules = known.get(schema);
  if (!rules) known.set(schema, (rules = Object.freeze(rulesOf(schema))));
  return rules;
}

function rulesOf(schema: z.ZodObject): BrowserRules {
  const base = getZodConstraint(schema) as Record<string, NativeRule>;
  const shape = defOf(schema).shape ?? {};
  const constraint: BrowserRules['constraint'] = {};
  const messages: BrowserRules['messages'] = {};
  for (const [name, field] of Object.entries(shape)) {
    const { minLength, maxLength, format } = lengthsOf(field);
    const rule: NativeRule = { ...base[name] };
    // a minimum of one says no more than `required` (and is not kept by an optional field)
    if (minLength !== undefined && minLength > 1) rule.minLength = minLength;
    if (maxLength !== undefined) rule.maxLength = maxLength;
    constraint[name] = rule;
    // Conform reads an empty box as no value
    const probes: [Flaw, unknown][] = [['valueMissing', undefined]];
    // what an e-mail box or a pattern refuses: the field's own rule says which message
    if (format) probes.push(['typeMismatch', 'x']);
    if (rule.pattern) probes.push(['patternMismatch', 'x']);
    if (rule.minLength) probes.push(['tooShort', 'x'.repeat(rule.minLength - 1)]);
    if (rule.maxLength) probes.push(['tooLong', 'x'.repeat(rule.maxLength + 1)]);
    const said: Partial<Record<Flaw, string>> = {};
    for (const [flaw, value] of probes) {
      const message = refusal(field, value);
      if (message !== undefined) said[flaw] = message;
    }
    messages[name] = said;
  }
  return { constraint, messages };
}
