/** The same shape with every string free: what a translation of a dictionary must fill. */
export type DeepStrings<T> = { [K in keyof T]: T[K] extends string ? string : DeepStrings<T[K]> };
