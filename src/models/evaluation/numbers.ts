/** Any array the metrics read: number[], Float64Array, or a tensor's Float32Array from dataSync(). */
export type Numbers = ArrayLike<number>;

/** Metric inputs come from code, not users: a mismatch is a programming error, so it throws at once. */
export function assertSameLength(a: Numbers, b: Numbers, what: string): void {
  if (a.length !== b.length) throw new RangeError(`${what}: lengths differ (${a.length} vs ${b.length})`);
}

export function assertNonEmpty(a: Numbers, what: string): void {
  if (a.length === 0) throw new RangeError(`${what}: empty input`);
}

/** Probabilities must be finite and in [0, 1]: a NaN from a broken model should stop the report, not hide in it. */
export function assertProbabilities(p: Numbers, what: string): void {
  for (let i = 0; i < p.length; i++) {
    const v = p[i]!;
    if (!(v >= 0 && v <= 1)) throw new RangeError(`${what}: prediction ${i} is ${v}, expected a probability in [0, 1]`);
  }
}

export function assertBinaryLabels(y: Numbers, what: string): void {
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    if (v !== 0 && v !== 1) throw new RangeError(`${what}: label ${i} is ${v}, expected 0 or 1`);
  }
}

export function mean(a: Numbers): number {
  if (a.length === 0) return Number.NaN;
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s / a.length;
}
