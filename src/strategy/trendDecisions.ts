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

/** Whether decisions every `everyHours` and the strategy's own line up: one cadence divides the other. */
export function alignedCadence(p: Pick<TrendParameters, 'rebalanceHours'>, everyHours: number): boolean {
  return everyHours > 0 && (p.rebalanceHours % everyHours === 0 || everyHours % p.rebalanceHours === 0);
}

/**
 * The strategy's decisions over a whole series, streamed bar by bar exactly as the engine feeds it, one
 * every `everyHours`. Below the strategy's own cadence it also reports what it would decide at the bars in
 * between (same state, a finer cadence: the decision depends only on the bars up to it), which gives a
 * model more samples of the same kind of decision; above it, every k-th of its decisions. `rebalance`
 * marks the bars the strategy trades on.
 */
export function trendDecisions(bars: readonly Bar[], p: TrendParameters, barMs: number, everyHours = p.rebalanceHours): DecisionAt[] {
  if (!alignedCadence(p, everyHours)) {
    throw new RangeError(`trendDecisions: every ${everyHours} hours does not line up with the strategy's ${p.rebalanceHours} hours`);
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
