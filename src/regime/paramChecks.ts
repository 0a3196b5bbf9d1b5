/** Parameter checks shared by the detectors: a bad parameter is a programming error, so they throw. */
export function assertWholeBars(name: string, n: number): void {
  if (!(Number.isInteger(n) && n >= 1)) {
    throw new RangeError(`regime parameter ${name} must be a whole number of bars >= 1, got ${n}`);
  }
}

export function assertInRange(name: string, x: number, lo: number, hi: number): void {
  if (!(x >= lo && x <= hi)) throw new RangeError(`regime parameter ${name} must be in [${lo}, ${hi}], got ${x}`);
}
