/**
 * Test-only: a maker of test records, each one the defaults with the fields a case sets itself,
 * so that a case names only what it is about.
 */
export const withDefaults =
  <T extends object>(defaults: T) =>
  (over: Partial<T> = {}): T => ({ ...defaults, ...over });
