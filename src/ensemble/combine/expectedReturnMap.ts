import { z } from 'zod';
import { applyIsotonic, isotonicRegression } from '../calibration/isotonic.js';
import { assertSameLength, type Numbers } from '../../models/evaluation/numbers.js';

/**
 * Expected return of the trade over the horizon as a function of the calibrated probability: mean return per
 * bucket of probability (equal-count buckets), made non-decreasing by isotonic regression weighted by the
 * bucket counts (a higher chance of success should not promise a lower return; noise in a thin bucket would),
 * and interpolated linearly between bucket centres, held flat beyond the end buckets.
 * `none` when no forward returns were given: the ensemble then claims an expected return of 0.
 */
export const expectedReturnMapSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z
    .strictObject({
      kind: z.literal('buckets'),
      /** Mean calibrated probability of each bucket, strictly increasing. */
      x: z.array(z.number().min(0).max(1)).min(1),
      /** Monotone mean forward return of each bucket. */
      y: z.array(z.number()).min(1),
      count: z.array(z.number().int().positive()).min(1),
    })
    .refine((m) => m.x.length === m.y.length && m.x.length === m.count.length, { message: 'x, y and count must have the same length' })
    .refine((m) => m.x.every((v, i) => i === 0 || v > m.x[i - 1]!), { message: 'x must be strictly increasing' })
    .refine((m) => m.y.every((v, i) => i === 0 || v >= m.y[i - 1]!), { message: 'y must be non-decreasing' }),
]);
export type ExpectedReturnMap = z.infer<typeof expectedReturnMapSchema>;

export function fitExpectedReturnMap(p: Numbers, forwardReturn: Numbers, buckets = 10): ExpectedReturnMap {
  assertSameLength(p, forwardReturn, 'fitExpectedReturnMap');
  if (!Number.isInteger(buckets) || buckets < 1) throw new RangeError(`fitExpectedReturnMap: buckets must be a positive integer, got ${buckets}`);
  const n = p.length;
  if (n === 0) return { kind: 'none' };
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => p[a]! - p[b]!);
  const x: number[] = [];
  const means: number[] = [];
  const count: number[] = [];
  for (let start = 0, b = 1; start < n; b++) {
    // Cut at the b-th equal-count boundary, then past any tie so equal probabilities share a bucket.
    let end = Math.max(start + 1, Math.round((b * n) / buckets));
    while (end < n && p[order[end]!] === p[order[end - 1]!]) end++;
    let sumP = 0;
    let sumR = 0;
    for (let k = start; k < end; k++) {
      sumP += p[order[k]!]!;
      sumR += forwardReturn[order[k]!]!;
    }
    x.push(sumP / (end - start));
    means.push(sumR / (end - start));
    count.push(end - start);
    start = end;
  }
  const y = Array.from(isotonicRegression(x, means, count));
  return { kind: 'buckets', x, y, count };
}

export function expectedReturnOf(map: ExpectedReturnMap, probability: number): number {
  if (map.kind === 'none') return 0;
  return applyIsotonic({ kind: 'isotonic', x: map.x, y: map.y }, [probability])[0]!;
}
