import { z } from 'zod';

/** Deciles: a shift of a tenth of the mass between neighbouring bins shows, and 10 bins need few live rows. */
export const REFERENCE_QUANTILES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9] as const;

const binsSchema = z.strictObject({
  /** Upper bin edges (inclusive), increasing; the last bin is open above. */
  edges: z.array(z.number()),
  /** Share of the training rows in each bin: edges.length + 1 values summing to 1. */
  proportions: z.array(z.number().min(0).max(1)),
});
export type FeatureBins = z.infer<typeof binsSchema>;

/**
 * The distribution of every input feature over an ensemble's training window (training and validation
 * rows, per asset of the pool), stored with the ensemble when it is built: input drift is measured
 * against this, never against a distribution recomputed later from other data.
 */
export const featureReferenceSchema = z.strictObject({
  columns: z.array(z.string().min(1)),
  from: z.iso.datetime({ offset: true }),
  to: z.iso.datetime({ offset: true }),
  assets: z.record(z.string(), z.strictObject({ rows: z.number().int().min(0), features: z.array(binsSchema) })),
});
export type FeatureReference = z.infer<typeof featureReferenceSchema>;

const round = (x: number) => Number(x.toPrecision(7));

/** The share of `values` in each bin of `edges` (value <= edge[k] and > edge[k-1]); NaN values are left out. */
export function binShares(edges: readonly number[], values: ArrayLike<number>): { shares: number[]; n: number } {
  const counts = new Array<number>(edges.length + 1).fill(0);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isNaN(v)) continue;
    let lo = 0;
    let hi = edges.length;
    // First edge >= v (binary search): its bin.
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((edges[mid] as number) < v) lo = mid + 1;
      else hi = mid;
    }
    counts[lo] = (counts[lo] as number) + 1;
    n++;
  }
  return { shares: counts.map((c) => (n === 0 ? 0 : c / n)), n };
}

/** One feature's bins: its deciles over the reference rows (equal edges merged: a constant feature has one). */
export function referenceBins(values: ArrayLike<number>): FeatureBins {
  const sorted = Float64Array.from(Array.from(values).filter((v) => !Number.isNaN(v))).sort();
  if (sorted.length === 0) return { edges: [], proportions: [1] };
  const edges: number[] = [];
  for (const q of REFERENCE_QUANTILES) {
    const e = round(sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))] as number);
    if (edges.length === 0 || e > (edges[edges.length - 1] as number)) edges.push(e);
  }
  return { edges, proportions: binShares(edges, sorted).shares.map(round) };
}
