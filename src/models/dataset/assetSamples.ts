import type { Bar } from '../../domain/bar.js';
import type { DecisionAt } from '../../strategy/trendDecisions.js';
import { metaLabels, type HorizonLabels } from './metaLabels.js';

/**
 * One asset's meta-labelling samples: the bars at which the strategy proposes a position (exposure > 0),
 * with the side and exposure it proposes and the outcome of that trade at each horizon.
 */
export interface AssetSamples {
  readonly symbol: string;
  /** Bar index of each sample (the bar whose close the decision is taken at). */
  readonly index: Int32Array;
  /** Open time of that bar. */
  readonly time: Float64Array;
  /** +1 long, -1 short. */
  readonly side: Int8Array;
  readonly exposure: Float64Array;
  /** 1 at the bars the strategy trades on (its own cadence), 0 at the extra sampled bars between them. */
  readonly rebalance: Uint8Array;
  /** Outcomes by horizon in bars. */
  readonly labels: ReadonlyMap<number, HorizonLabels>;
}

export interface AssetSampleOptions {
  readonly horizonsBars: readonly number[];
  readonly roundTripCost: number;
  readonly barMs: number;
}

export function assetSamples(symbol: string, bars: readonly Bar[], decisions: readonly DecisionAt[], o: AssetSampleOptions): AssetSamples {
  const proposed = decisions.filter((d) => d.decision.exposure > 0);
  const trades = proposed.map((d) => ({ index: d.index, side: d.decision.strength > 0 ? 1 : -1, volatility: d.decision.volatility }));
  return {
    symbol,
    index: Int32Array.from(proposed, (d) => d.index),
    time: Float64Array.from(proposed, (d) => (bars[d.index] as Bar).time),
    side: Int8Array.from(trades, (t) => t.side),
    exposure: Float64Array.from(proposed, (d) => d.decision.exposure),
    rebalance: Uint8Array.from(proposed, (d) => (d.rebalance ? 1 : 0)),
    labels: new Map(o.horizonsBars.map((h) => [h, metaLabels(bars, trades, h, o.roundTripCost, o.barMs)])),
  };
}
