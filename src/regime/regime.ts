import type { Bar } from '../domain/bar.js';

/** Per-asset regime, used to weight the model ensemble. */
export const ASSET_REGIMES = ['trending', 'ranging', 'volatile'] as const;
export type AssetRegime = (typeof ASSET_REGIMES)[number];

/** Market-wide regime read from the lead asset (BTC), used for portfolio caps (max positions, cash buffer). */
export const MARKET_REGIMES = ['trend', 'chop', 'down'] as const;
export type MarketRegime = (typeof MARKET_REGIMES)[number];

/**
 * A streaming classifier fed one closed bar at a time, in time order. `update` returns the confirmed
 * (hysteresis-filtered) regime, undefined during warm-up; `raw` is the unfiltered label of the last bar.
 */
export interface RegimeDetector<R extends string> {
  /** Index of the first bar that gets a label: feed at least warmup + 1 bars of history. */
  readonly warmup: number;
  /** The last bar's label before hysteresis (undefined during warm-up). */
  readonly raw: R | undefined;
  /** The last confirmed label, as `update` returned it. */
  readonly regime: R | undefined;
  update(bar: Bar): R | undefined;
}
