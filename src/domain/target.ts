import type { Symbol } from './bar.js';

export type TargetSide = 'long' | 'short' | 'flat';

/** What the portfolio did with a symbol at this step, so the engine need not re-derive it. */
export type TargetAction = 'open' | 'hold' | 'resize' | 'flip' | 'close' | 'none';

/**
 * Where the portfolio wants one symbol to be: a side and the fraction of equity committed to it as
 * margin. Leverage, and so the notional, is chosen later by risk.
 */
export interface Target {
  readonly symbol: Symbol;
  readonly side: TargetSide;
  /** Fraction of equity as margin; 0 when flat. A 'hold' reports the position's current margin / equity. */
  readonly weight: number;
  readonly action: TargetAction;
  readonly reason: string;
}
