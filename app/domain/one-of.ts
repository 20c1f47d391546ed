/** True when `value` is one of `values` (a constant list of literals), narrowing its type. */
export function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}

/** The guard of a constant list of literals: is a value one of them? */
export function oneOf<T extends string>(values: readonly T[]): (value: unknown) => value is T {
  return (value): value is T => isOneOf(values, value);
}
