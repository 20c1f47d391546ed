/**
 * One language's messages, looked up and filled in without a translation library in the
 * page's script (docs/decisions/020-performance.md, "Per-language catalogues"): the keys are
 * flattened once ('nav.home'), and a message with {{variables}} is split once into its pieces.
 * It answers as i18next did with `escapeValue: false`: an unknown key gives the defaultValue,
 * else the key itself; a variable missing from the params stays as written, and one given as
 * null or undefined becomes empty.
 */
import type { TFunction } from 'i18next';

type Params = { readonly [name: string]: unknown };

/** A message: its text, or its pieces (text, placeholder, variable name, text, …). */
type Message = string | readonly string[];

const PLACEHOLDER = /({{(\w+)}})/g;

function compile(text: string): Message {
  const pieces = text.split(PLACEHOLDER);
  return pieces.length === 1 ? text : pieces;
}

function fill(message: Message, params: Params): string {
  if (typeof message === 'string') return message;
  let out = message[0];
  for (let i = 1; i < message.length; i += 3) {
    const name = message[i + 1];
    out += Object.hasOwn(params, name) ? String(params[name] ?? '') : message[i];
    out += message[i + 2];
  }
  return out;
}

/** Every string of a catalogue under its dotted key. */
export function flatten(catalogue: object, prefix = '', into = new Map<string, string>()) {
  for (const [key, value] of Object.entries(catalogue)) {
    if (typeof value === 'string') into.set(prefix + key, value);
    else flatten(value as object, `${prefix}${key}.`, into);
  }
  return into;
}

/**
 * A t() that is given its language's catalogue a part at a time (`add`), as the browser fetches
 * them (areas.ts). `miss` hears of a key no part added so far holds before the fallback applies;
 * it may throw (the browser suspends the render until the part that holds it is here).
 */
export function growingTranslator(miss?: (key: string) => void): {
  t: TFunction;
  add: (catalogue: object) => void;
} {
  const messages = new Map<string, Message>();
  const add = (catalogue: object) => {
    for (const [key, text] of flatten(catalogue)) messages.set(key, compile(text));
  };
  // (a page asks a few hundred times: a found single key makes no array)
  const t = (key: string | readonly string[], params?: Params): string => {
    let found = typeof key === 'string' ? messages.get(key) : undefined;
    if (found === undefined) {
      const keys = typeof key === 'string' ? [key] : key;
      for (let i = 0; found === undefined && i < keys.length; i++) found = messages.get(keys[i]);
      if (found === undefined && miss) for (const k of keys) miss(k);
      found ??= params?.defaultValue !== undefined ? compile(String(params.defaultValue)) : keys[0];
    }
    return fill(found, params ?? {});
  };
  return { t: t as unknown as TFunction, add };
}

/** The t() of one catalogue. */
export function translator(catalogue: object): TFunction {
  const { t, add } = growingTranslator();
  add(catalogue);
  return t;
}
