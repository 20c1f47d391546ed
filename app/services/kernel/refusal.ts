// The one way a service says no: a code the caller can branch on, the translation key of the
// message a user reads, and, where one field is at fault, its name. Pure: no I/O here.

/** A refusal as a service returns it: `{ ok: false }` plus what the page needs to say why. */
export type Refusal<C extends string = string> = {
  ok: false;
  error: C;
  /** translation key of the message, e.g. `evaluation.errors.full` */
  key: string;
  /** the form field at fault, when there is one */
  field?: string;
  /** a developer-facing detail (never shown to users) */
  detail?: string;
};

/** What a command returns: its value with `ok: true`, or a refusal. */
export type Result<T extends object = object, C extends string = string> =
  ({ ok: true } & T) | Refusal<C>;

/**
 * Thrown anywhere inside a command to refuse: the command rolls its transaction back and
 * returns the refusal. `key` defaults to the command's error namespace plus the code.
 */
export class Refused<C extends string = string> extends Error {
  readonly code: C;
  /** set by the innermost command that lets it through, when the thrower gave none */
  key?: string;
  readonly field?: string;
  readonly detail?: string;

  constructor(code: C, opts: { key?: string; field?: string; detail?: string } = {}) {
    super(`refused: ${code}${opts.detail ? ` (${opts.detail})` : ''}`);
    this.name = 'Refused';
    this.code = code;
    this.key = opts.key;
    this.field = opts.field;
    this.detail = opts.detail;
  }

  toRefusal(namespace: string): Refusal<C> {
    return {
      ok: false,
      error: this.code,
      key: this.key ?? `${namespace}.${this.code}`,
      ...(this.field ? { field: this.field } : {}),
      ...(this.detail ? { detail: this.detail } : {}),
    };
  }
}

/** A capability's `refuse`: throws its refusal inside a command; `field` names the input at fault. */
export type Refuse<C extends string> = (code: C, opts?: { field?: string }) => never;

/**
 * The `refuse` of a capability whose refusal codes are `C`. Declared with its type
 * (`const refuse: Refuse<C> = refuser()`), so that the compiler narrows past a call.
 */
export const refuser =
  <C extends string>(): Refuse<C> =>
  (code, opts = {}) => {
    throw new Refused(code, opts);
  };

/** A refusal decided before any transaction, e.g. input the service validates itself. */
export function refusal<C extends string>(
  namespace: string,
  code: C,
  opts: { key?: string; field?: string; detail?: string } = {},
): Refusal<C> {
  return new Refused(code, opts).toRefusal(namespace);
}
