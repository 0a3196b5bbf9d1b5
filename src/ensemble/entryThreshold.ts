export interface EntryThreshold {
  /** Trade only at or above this confidence; above 1 means "never": no threshold had an edge. */
  readonly threshold: number;
  readonly trades: number;
  /** Mean forward log return per trade in the called direction, after the round-trip cost. */
  readonly meanNet: number;
}

export const THRESHOLD_GRID = [0.55, 0.6, 0.65, 0.7, 0.75, 0.8] as const;

/**
 * The confidence from which an asset's ensemble trades, chosen on validation rows: among the grid, the
 * threshold whose trades (at least `minTrades`) had the best mean return after costs. When none had a
 * positive edge the ensemble should not trade at all, and says so with a threshold above 1.
 */
export function chooseEntryThreshold(
  p: ArrayLike<number>,
  forwardReturn: ArrayLike<number>,
  roundTripCost: number,
  minTrades = 30,
  grid: readonly number[] = THRESHOLD_GRID,
): EntryThreshold {
  let best: EntryThreshold = { threshold: 1.01, trades: 0, meanNet: 0 };
  for (const threshold of grid) {
    let trades = 0;
    let sum = 0;
    for (let i = 0; i < p.length; i++) {
      const prob = p[i] as number;
      const r = forwardReturn[i] as number;
      if (!Number.isFinite(prob) || !Number.isFinite(r) || Math.max(prob, 1 - prob) < threshold || prob === 0.5) continue;
      trades++;
      sum += (prob > 0.5 ? r : -r) - roundTripCost;
    }
    if (trades < minTrades) continue;
    const meanNet = sum / trades;
    if (meanNet > 0 && meanNet > best.meanNet) best = { threshold, trades, meanNet };
  }
  return best;
}
