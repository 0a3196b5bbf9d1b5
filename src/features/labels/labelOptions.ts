/** Direction classes, as class indices (tf.oneHot-ready). */
export const DIRECTION = { down: 0, flat: 1, up: 2 } as const;

/** Triple-barrier outcomes of a trade, as class indices: 2 always means the trade would have won. */
export const BARRIER = { stop: 0, timeout: 1, takeProfit: 2 } as const;

export interface LabelOptions {
  /** Bars ahead; one set of labels per horizon. */
  readonly horizons: readonly number[];
  /** Bars of one-bar log returns whose population std is the trailing volatility sigma. */
  readonly volWindow: number;
  /** Dead zone: flat when |forward log return| < deadZone * sigma * sqrt(h). */
  readonly deadZone: number;
  /** Barriers in ATR at the signal bar: take profit at entry ± takeProfitAtr ATR, stop at entry ∓ stopAtr ATR. */
  readonly takeProfitAtr: number;
  readonly stopAtr: number;
  readonly atrPeriod: number;
  /**
   * Entry of the barrier trade: 'nextOpen' is how the engine trades (a signal at the close of bar t
   * fills at the open of t + 1, and bars t + 1 .. t + h are checked, the entry bar included);
   * 'close' enters at the close of t.
   */
  readonly entry: 'nextOpen' | 'close';
}

export const DEFAULT_LABEL_OPTIONS: LabelOptions = {
  horizons: [6, 24],
  volWindow: 24,
  deadZone: 0.5,
  takeProfitAtr: 2.0,
  stopAtr: 1.3,
  atrPeriod: 14,
  entry: 'nextOpen',
};

export function resolveLabelOptions(options: Partial<LabelOptions> = {}): LabelOptions {
  const o = { ...DEFAULT_LABEL_OPTIONS, ...options };
  for (const h of o.horizons) {
    if (!(Number.isInteger(h) && h >= 1)) throw new RangeError(`label horizon must be a whole number of bars >= 1, got ${h}`);
  }
  if (new Set(o.horizons).size !== o.horizons.length) throw new RangeError(`label horizons repeat: ${o.horizons.join(', ')}`);
  if (!(Number.isInteger(o.volWindow) && o.volWindow >= 2)) throw new RangeError(`volWindow must be a whole number >= 2, got ${o.volWindow}`);
  if (!(o.deadZone >= 0)) throw new RangeError(`deadZone must be >= 0, got ${o.deadZone}`);
  if (!(o.takeProfitAtr > 0 && o.stopAtr > 0)) throw new RangeError('takeProfitAtr and stopAtr must be > 0');
  return o;
}
