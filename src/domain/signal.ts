import type { Symbol } from './bar.js';

export type SignalClass = 'STRONG_BUY' | 'BUY' | 'HOLD' | 'SELL' | 'STRONG_SELL';
export type Direction = 'long' | 'short' | 'flat';
export type SignalSource = 'rule' | 'ensemble';

export interface SignalMember {
  readonly name: string;
  readonly weight: number;
  /** The member's probability (of what the signal's confidence measures). */
  readonly probability: number;
}

/**
 * What a scorer says about one symbol at the close of one bar. The rule-based strategy and the model
 * ensemble both return this type, so the rest of the engine does not know which one spoke.
 *
 * The strategy proposes a side and an exposure; a model, where there is one, says how likely that trade is
 * to earn more than it costs (`confidence`), and the risk tiers size the exposure by it. Without a model the
 * exposure stands as it is: the rule-based strategy claims no probability it cannot back.
 */
export interface Signal {
  readonly symbol: Symbol;
  /** Open time of the bar the signal was computed on (the signal exists at that bar's close). */
  readonly barTime: number;
  readonly source: SignalSource;
  /**
   * The model version that judged the trade (an ensemble's registry id), recorded with the decision; absent
   * when the rule-based strategy decided alone.
   */
  readonly model?: string;
  readonly direction: Direction;
  /**
   * Notional wanted in `direction`, as a multiple of the asset's sleeve (its share of equity): 0.4 means a
   * position worth 40% of the sleeve. 0 when flat.
   */
  readonly exposure: number;
  /**
   * True at the strategy's decision bars. Between them the engine keeps what it holds (stops and the kill
   * switch still act): holding periods follow the horizon of the view, not the bar.
   */
  readonly rebalance: boolean;
  /** Bars the view is about: the holding horizon. */
  readonly horizonBars: number;
  /**
   * Calibrated probability that the proposed trade earns more than its costs over the horizon; it picks the
   * risk tier (below the lowest tier, no trade). Absent when no model judged the trade.
   */
  readonly confidence?: number;
  /** P(up) over the horizon, where a direction model gives one. */
  readonly probability?: number;
  readonly class: SignalClass;
  /** Expected log return over the horizon, where a model estimates one (a fraction, e.g. 0.004 = 0.4%). */
  readonly expectedReturn?: number;
  /** Average true range of horizon-long bars at this bar: the unit of stops, trailing and take-profit. */
  readonly atr: number;
  readonly members: readonly SignalMember[];
  /** The scorer's inputs, recorded with the decision. */
  readonly inputs: Readonly<Record<string, number>>;
}
