import type { Symbol } from './bar.js';

export type SignalClass = 'STRONG_BUY' | 'BUY' | 'HOLD' | 'SELL' | 'STRONG_SELL';
export type Direction = 'long' | 'short' | 'flat';

export interface SignalMember {
  readonly name: string;
  readonly weight: number;
  /** The member's probability that price goes up over the horizon. */
  readonly probability: number;
}

/**
 * What a scorer says about one symbol at the close of one bar. The rule-based fallback and the model
 * ensemble both return this type, so the rest of the engine does not know which one spoke.
 */
export interface Signal {
  readonly symbol: Symbol;
  /** Open time of the bar the signal was computed on (the signal exists at that bar's close). */
  readonly barTime: number;
  readonly source: 'fallback' | 'ensemble';
  readonly direction: Direction;
  /** P(up) over the horizon. */
  readonly probability: number;
  /** Probability of the predicted direction, in [0.5, 1] for long/short; the tiers are applied to it. */
  readonly confidence: number;
  readonly class: SignalClass;
  /** Expected log return over the horizon (a fraction, e.g. 0.004 = 0.4%). */
  readonly expectedReturn: number;
  /** Average true range at the bar: the unit of stops. */
  readonly atr: number;
  readonly members: readonly SignalMember[];
  /** The scorer's inputs, recorded with the decision. */
  readonly inputs: Readonly<Record<string, number>>;
}
