export interface EntryThreshold {
  /** Trade only at or above this confidence; above 1 means "never": no threshold had an edge. */
  readonly threshold: number;
  readonly trades: number;
  /** Mean return per trade after the round-trip cost. */
  readonly meanNet: number;
}

/** Above every probability: the ensemble takes no trade. */
export const NEVER = 1.01;

/**
 * The thresholds worth trying: from the lowest risk tier (below it the portfolio takes no trade, so a lower
 * threshold would only pretend to trade) up in steps of 0.05, to the highest tier.
 */
export function thresholdGrid(tiers: readonly { readonly minConfidence: number }[]): number[] {
  if (tiers.length === 0) throw new RangeError('thresholdGrid: no risk tiers');
  const levels = tiers.map((t) => t.minConfidence);
  const lowest = Math.min(...levels);
  const highest = Math.max(...levels);
  const grid: number[] = [];
  for (let k = 0; ; k++) {
    const t = Math.round((lowest + 0.05 * k) * 1e6) / 1e6;
    if (t > highest + 1e-9) break;
    grid.push(t);
  }
  return grid;
}

/**
 * The confidence from which an ensemble trades, chosen on validation rows: among the grid, the threshold
 * whose trades (at least `minTrades`) had the best mean return after costs. A threshold whose trades lost
 * on average is never taken; when no threshold earned, the ensemble should not trade at all, and says so
 * with a threshold above 1.
 *
 * @param p calibrated probability that each row's trade beats its costs
 * @param tradeReturn what each row's trade earned before costs (its side already applied)
 */
export function chooseEntryThreshold(
  p: ArrayLike<number>,
  tradeReturn: ArrayLike<number>,
  roundTripCost: number,
  grid: readonly number[],
  minTrades = 30,
): EntryThreshold {
  let best: EntryThreshold = { threshold: NEVER, trades: 0, meanNet: 0 };
  for (const threshold of grid) {
    let trades = 0;
    let sum = 0;
    for (let i = 0; i < p.length; i++) {
      const prob = p[i] as number;
      const r = tradeReturn[i] as number;
      if (!Number.isFinite(prob) || !Number.isFinite(r) || prob < threshold) continue;
      trades++;
      sum += r - roundTripCost;
    }
    if (trades < minTrades) continue;
    const meanNet = sum / trades;
    if (meanNet > 0 && meanNet > best.meanNet) best = { threshold, trades, meanNet };
  }
  return best;
}
