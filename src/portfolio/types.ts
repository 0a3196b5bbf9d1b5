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
  /** Fraction of the gross exposure budget kept out of the market in this regime. */
  readonly cashBuffer: number;
}

/** A risk tier: at or above minConfidence, this fraction of the strategy's exposure. */
export interface SizeTier {
  readonly minConfidence: number;
  readonly size: number;
}

export interface PortfolioSettings {
  /** Largest notional (fraction of equity) one position of the tier may hold. */
  readonly tierCaps: Readonly<Record<AssetTier, number>>;
  /** Largest notional all tier-3 positions together may hold. */
  readonly tier3Sleeve: number;
  readonly regimes: Readonly<Record<MarketRegime, RegimeLimits>>;
  /** Gross notional of all positions, as a multiple of equity, before the regime's cash buffer (1: no borrowing). */
  readonly maxGrossExposure: number;
  /** An open position is resized only when its target differs from its weight by more than this, relatively. */
  readonly rebalanceBand: number;
  /** An opposite signal with a model's confidence flips an open position only at or above this confidence. */
  readonly flipConfidence: number;
  /** The risk tiers, highest first: a signal with a confidence is sized by its tier; below the lowest, no trade. */
  readonly sizeTiers: readonly SizeTier[];
}

export interface AllocationInput {
  /** Marked equity; weights are fractions of it. */
  readonly equity: number;
  /** One signal per symbol, decided at this time step. */
  readonly signals: readonly Signal[];
  readonly positions: readonly Position[];
  /** Latest close per symbol: what open positions are worth now. */
  readonly marks: ReadonlyMap<Symbol, number>;
  /** The traded assets: each gets an equal sleeve of equity, the unit of a signal's exposure. */
  readonly assets: readonly Symbol[];
  /** Asset tier per symbol; a symbol not listed is tier 3. */
  readonly tiers: Readonly<Record<Symbol, AssetTier>>;
  readonly marketRegime: MarketRegime;
  readonly costs: TradingCosts;
  readonly settings: PortfolioSettings;
  /**
   * Notional (fraction of equity) that may still be traded before the turnover budget is spent; absent:
   * no budget. Once spent, only trades that reduce exposure go through.
   */
  readonly turnoverLeft?: number;
}
