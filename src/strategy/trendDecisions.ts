import type { Bar } from '../domain/bar.js';
import type { TrendParameters } from './trendParameters.js';
import { TrendState, type TrendDecision } from './trendState.js';

/** A decision the strategy would take at the close of bar `index`. */
export interface DecisionAt {
  readonly index: number;
  readonly decision: TrendDecision;
  /** True when the strategy itself decides at this bar (its rebalance cadence), not only the sampling cadence. */
  readonly rebalance: boolean;
}

/**
 * The strategy's decisions over a whole series, streamed bar by bar exactly as the engine feeds it. With
 * `everyHours` below the strategy's own cadence it also reports what it would decide at the bars in
 * between (same state, a finer cadence: the decision depends only on the bars up to it), which gives a
 * model more samples of the same kind of decision; `rebalance` marks the bars the strategy trades on.
 */
export function trendDecisions(bars: readonly Bar[], p: TrendParameters, barMs: number, everyHours = p.rebalanceHours): DecisionAt[] {
  // A divisor of the strategy's cadence: every bar the strategy trades on is then a sampled bar too.
  if (!(everyHours > 0 && p.rebalanceHours % everyHours === 0)) {
    throw new RangeError(`trendDecisions: everyHours must divide the strategy's ${p.rebalanceHours} hours, got ${everyHours}`);
  }
  const traded = new TrendState(p, barMs);
  const sampled = everyHours === p.rebalanceHours ? traded : new TrendState({ ...p, rebalanceHours: everyHours }, barMs);
  const out: DecisionAt[] = [];
  for (let i = 0; i < bars.length; i++) {
    const bar = bars[i] as Bar;
    traded.push(bar);
    if (sampled !== traded) sampled.push(bar);
    const rebalance = traded.ready && traded.decidedAt(bar.time);
    if (sampled.ready && sampled.decidedAt(bar.time) && sampled.decision) out.push({ index: i, decision: sampled.decision, rebalance });
  }
  return out;
}
