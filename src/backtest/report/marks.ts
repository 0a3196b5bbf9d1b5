import type { ClosePoint } from './types.js';

/**
 * The close in force at each of `times`: the latest at or before it (a missing bar keeps the last
 * price, as a venue's mark does); before the first close, the first close.
 */
export function marksAt(closes: readonly ClosePoint[], times: readonly number[], what: string): Float64Array {
  if (closes.length === 0) throw new RangeError(`${what}: no closes to mark with`);
  for (let k = 0; k < closes.length; k++) {
    const c = closes[k]!;
    if (!Number.isFinite(c.time) || !(c.close > 0) || !Number.isFinite(c.close))
      throw new RangeError(`${what}: close ${k} is not a positive price (time ${c.time}, close ${c.close})`);
    if (k > 0 && c.time <= closes[k - 1]!.time)
      throw new RangeError(`${what}: close times must increase, close ${k} at ${c.time} follows ${closes[k - 1]!.time}`);
  }
  const out = new Float64Array(times.length);
  let k = 0;
  for (let i = 0; i < times.length; i++) {
    const t = times[i]!;
    while (k + 1 < closes.length && closes[k + 1]!.time <= t) k++;
    out[i] = closes[k]!.close;
  }
  return out;
}
