import { z } from 'zod';
import { assertBinaryLabels, assertNonEmpty, assertProbabilities, assertSameLength, type Numbers } from '../../models/evaluation/numbers.js';

/**
 * Isotonic calibration: the non-decreasing step function of p closest to the labels in squared error,
 * found by pool-adjacent-violators. Stored as one knot per block (block centre, block mean); applying
 * interpolates linearly between knots and holds the end values outside them, so the output stays in
 * [min, max] of the fitted values and never jumps at a block edge.
 */
export const isotonicParamsSchema = z
  .object({
    kind: z.literal('isotonic'),
    x: z.array(z.number()).min(1),
    y: z.array(z.number()).min(1),
  })
  .refine((p) => p.x.length === p.y.length, { message: 'x and y must have the same length' })
  .refine((p) => p.x.every((v, i) => i === 0 || v > p.x[i - 1]!), { message: 'x must be strictly increasing' })
  .refine((p) => p.y.every((v, i) => i === 0 || v >= p.y[i - 1]!), { message: 'y must be non-decreasing' });
export type IsotonicParams = z.infer<typeof isotonicParamsSchema>;

interface Block {
  weight: number;
  sumY: number;
  sumX: number;
  /** Range of positions in sorted order that the block covers: [start, end). */
  start: number;
  end: number;
}

/**
 * Pool-adjacent-violators over the points sorted by x. Equal x values are pooled into one block first, so
 * tied inputs always get the same output. Returns the blocks in increasing x and the sort order used.
 */
function poolAdjacentViolators(x: Numbers, y: Numbers, weights?: Numbers): { blocks: Block[]; order: number[] } {
  const n = x.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => x[a]! - x[b]!);
  const blocks: Block[] = [];
  for (let start = 0; start < n; ) {
    const x0 = x[order[start]!]!;
    const block: Block = { weight: 0, sumY: 0, sumX: 0, start, end: start };
    while (block.end < n && x[order[block.end]!] === x0) {
      const i = order[block.end]!;
      const w = weights === undefined ? 1 : weights[i]!;
      block.weight += w;
      block.sumY += w * y[i]!;
      block.sumX += w * x0;
      block.end++;
    }
    start = block.end;
    blocks.push(block);
    // Merge backwards while the previous block's mean exceeds this one's (compared without dividing).
    while (blocks.length >= 2) {
      const top = blocks[blocks.length - 1]!;
      const prev = blocks[blocks.length - 2]!;
      if (prev.sumY * top.weight <= top.sumY * prev.weight) break;
      prev.weight += top.weight;
      prev.sumY += top.sumY;
      prev.sumX += top.sumX;
      prev.end = top.end;
      blocks.pop();
    }
  }
  return { blocks, order };
}

/**
 * The isotonic regression itself: the fitted value at each input point, in input order. `weights`
 * (default 1) must be positive. Any real y is allowed, not only labels.
 */
export function isotonicRegression(x: Numbers, y: Numbers, weights?: Numbers): Float64Array {
  assertSameLength(x, y, 'isotonicRegression');
  if (weights !== undefined) {
    assertSameLength(x, weights, 'isotonicRegression weights');
    for (let i = 0; i < weights.length; i++) {
      if (!(weights[i]! > 0)) throw new RangeError(`isotonicRegression: weight ${i} is ${weights[i]}, expected > 0`);
    }
  }
  const { blocks, order } = poolAdjacentViolators(x, y, weights);
  const fitted = new Float64Array(x.length);
  for (const b of blocks) {
    const value = b.sumY / b.weight;
    for (let k = b.start; k < b.end; k++) fitted[order[k]!] = value;
  }
  return fitted;
}

export function fitIsotonic(p: Numbers, y: Numbers): IsotonicParams {
  assertSameLength(p, y, 'fitIsotonic');
  assertNonEmpty(p, 'fitIsotonic');
  assertProbabilities(p, 'fitIsotonic');
  assertBinaryLabels(y, 'fitIsotonic');
  const { blocks } = poolAdjacentViolators(p, y);
  // The centre of a block is the mean of its inputs; tied inputs never straddle two blocks, so centres
  // strictly increase.
  return {
    kind: 'isotonic',
    x: blocks.map((b) => b.sumX / b.weight),
    y: blocks.map((b) => b.sumY / b.weight),
  };
}

export function applyIsotonic(params: IsotonicParams, p: Numbers): Float64Array {
  const { x, y } = params;
  const last = x.length - 1;
  const out = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) {
    const v = p[i]!;
    if (v <= x[0]!) {
      out[i] = y[0]!;
      continue;
    }
    if (v >= x[last]!) {
      out[i] = y[last]!;
      continue;
    }
    // Largest knot index lo with x[lo] <= v (x[0] <= v < x[last] here).
    let lo = 0;
    let hi = last;
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (x[mid]! <= v) lo = mid;
      else hi = mid;
    }
    const x0 = x[lo]!;
    const x1 = x[hi]!;
    out[i] = y[lo]! + ((y[hi]! - y[lo]!) * (v - x0)) / (x1 - x0);
  }
  return out;
}
