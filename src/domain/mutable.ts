/** A writable copy of a readonly record type: for a record a class keeps and writes in place, handing out readonly copies. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };
