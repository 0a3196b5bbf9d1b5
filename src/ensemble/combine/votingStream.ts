import { AdaptiveWeights, type AdaptiveWeightsOptions } from './adaptiveWeights.js';
import { votingProbability } from './combiners.js';
import { rowValues, type EnsembleRows } from './ensembleRows.js';
import { regimeWeightsFor, type RegimeWeightTable } from './regimeWeights.js';

/** Regime-weighted voting at every row: it fits nothing, so every row is out of sample. */
export function votingStream(rows: EnsembleRows, table: RegimeWeightTable): Float64Array {
  const out = new Float64Array(rows.n);
  for (let i = 0; i < rows.n; i++) out[i] = votingProbability(rowValues(rows, i), regimeWeightsFor(rows.regime[i]!, rows.members, table));
  return out;
}

/**
 * Adaptive voting replayed as the daemon would run it. Row j's outcome is released to the tracker only
 * at the first row i with time[i] >= time[j] + horizonMs: the prediction at i is made at the close of bar
 * i, and row j's label reads bars up to j + horizon, which have all closed by then (horizonMs = horizon x
 * bar length). So no prediction uses an outcome that was not known when it was made.
 *
 * After the last row every outcome is known, so the returned tracker has observed them all: it is the
 * warm start for live running.
 */
export function adaptiveVotingStream(
  rows: EnsembleRows,
  table: RegimeWeightTable,
  options: AdaptiveWeightsOptions,
  horizonMs: number,
): { p: Float64Array; tracker: AdaptiveWeights } {
  const tracker = new AdaptiveWeights(options);
  const out = new Float64Array(rows.n);
  let released = 0;
  for (let i = 0; i < rows.n; i++) {
    while (released < i && rows.time[released]! + horizonMs <= rows.time[i]!) {
      tracker.observe(rowValues(rows, released), rows.y[released]!);
      released++;
    }
    const weights = regimeWeightsFor(rows.regime[i]!, rows.members, table, tracker.multipliers(rows.members));
    out[i] = votingProbability(rowValues(rows, i), weights);
  }
  for (; released < rows.n; released++) tracker.observe(rowValues(rows, released), rows.y[released]!);
  return { p: out, tracker };
}
