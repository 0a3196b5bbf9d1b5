import type { Symbol } from '../domain/bar.js';
import type { Position } from '../domain/position.js';
import type { Signal } from '../domain/signal.js';
import type { TradingCosts } from '../risk/expectedEdge.js';

import type { MarketRegime } from '../regime/regime.js';

/** The market's state as the regime detector reports it; it sets how many positions and how much cash. */
export type { MarketRegime };

/** 1: the most liquid majors; 3: everything else, held small and inside a shared sleeve. */
export type AssetTier = 1 | 2 | 3;

export interface RegimeLimits {
  readonly maxPositions: number;
  /** Fraction of equity never committed as margin in this regime. */
  readonly cashBuffer: number;
}

export interface PortfolioSettings {
  /** Most margin (fraction of equity) one position of the tier may hold. */
  readonly tierCaps: Readonly<Record<AssetTier, number>>;
  /** Most margin all tier-3 positions together may hold. */
  readonly tier3Sleeve: number;
  readonly regimes: Readonly<Record<MarketRegime, RegimeLimits>>;
  /** An open position is resized only when its target differs from its weight by more than this, relatively. */
  readonly rebalanceBand: number;
  /** An opposite signal flips an open position only at or above this confidence; below, the position stays. */
  readonly flipConfidence: number;
  /** Confidence of the lowest risk tier: below it a signal opens nothing. */
  readonly minConfidence: number;
}

export interface AllocationInput {
  /** Marked equity; weights are fractions of it. */
  readonly equity: number;
  /** One signal per symbol, decided at this time step. */
  readonly signals: readonly Signal[];
  readonly positions: readonly Position[];
  /** Per-bar realised volatility per symbol (e.g. std of 20 log returns; see realisedVolatility). */
  readonly volatility: Readonly<Record<Symbol, number>>;
  /** Asset tier per symbol; a symbol not listed is tier 3. */
  readonly tiers: Readonly<Record<Symbol, AssetTier>>;
  readonly marketRegime: MarketRegime;
  readonly costs: TradingCosts;
  readonly settings: PortfolioSettings;
}
