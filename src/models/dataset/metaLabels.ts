import type { Bar } from '../../domain/bar.js';

const YEAR_MS = 365 * 24 * 3_600_000;

/** One proposed trade: decided at the close of bar `index`, entered at the next bar's open. */
export interface ProposedTrade {
  readonly index: number;
  /** +1 long, -1 short. */
  readonly side: number;
  /** Annualised volatility of bar returns at the decision: the scale of the return target. */
  readonly volatility: number;
}

/** The outcome of each proposed trade over one horizon; NaN where the horizon runs past the stored bars. */
export interface HorizonLabels {
  readonly horizonBars: number;
  /** 1 when the trade earned more than its round-trip cost, else 0. */
  readonly y: Float32Array;
  /** side x (close of bar t+H / open of bar t+1 - 1): what the trade earned before costs. */
  readonly tradeReturn: Float64Array;
  /** side x ln(close t+H / open t+1) / (volatility of one bar x sqrt(H)): the return head's target. */
  readonly scaled: Float32Array;
  /** When the label is known: the close time of bar t+H. No training row may be known after its cutoff. */
  readonly knownAt: Float64Array;
}

/**
 * Meta-labels (López de Prado, Advances in Financial Machine Learning, ch. 3): the strategy proposes the
 * side; the label says whether that trade, entered at the next bar's open (the engine never fills on the
 * signal's bar) and held `horizonBars`, beat its round-trip cost.
 */
export function metaLabels(bars: readonly Bar[], trades: readonly ProposedTrade[], horizonBars: number, roundTripCost: number, barMs: number): HorizonLabels {
  if (!(Number.isInteger(horizonBars) && horizonBars >= 1)) throw new RangeError(`metaLabels: horizonBars must be a whole number >= 1, got ${horizonBars}`);
  if (!(roundTripCost >= 0)) throw new RangeError(`metaLabels: roundTripCost must be >= 0, got ${roundTripCost}`);
  const n = trades.length;
  const y = new Float32Array(n).fill(Number.NaN);
  const tradeReturn = new Float64Array(n).fill(Number.NaN);
  const scaled = new Float32Array(n).fill(Number.NaN);
  const knownAt = new Float64Array(n).fill(Number.NaN);
  const barsPerYear = YEAR_MS / barMs;
  for (let k = 0; k < n; k++) {
    const { index, side, volatility } = trades[k] as ProposedTrade;
    const exit = bars[index + horizonBars];
    const entry = bars[index + 1];
    if (!exit || !entry) continue;
    const r = side * (exit.close / entry.open - 1);
    tradeReturn[k] = r;
    y[k] = r > roundTripCost ? 1 : 0;
    const perBar = volatility / Math.sqrt(barsPerYear);
    scaled[k] = perBar > 0 ? (side * Math.log(exit.close / entry.open)) / (perBar * Math.sqrt(horizonBars)) : 0;
    knownAt[k] = exit.time + barMs;
  }
  return { horizonBars, y, tradeReturn, scaled, knownAt };
}
