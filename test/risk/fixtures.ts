import type { MarketInfo } from '../../src/domain/market.js';
import type { Signal } from '../../src/domain/signal.js';
import type { Proposal, RiskContext, RiskSettings } from '../../src/risk/types.js';

/** The first-cut rules alone (tiers, stops, leverage), without the optional ones layered on later. */
export const coreSettings: RiskSettings = {
  leverageMode: 'confidence',
  maxLossPerPosition: 0.0175,
  stopAtr: 1.3,
  trailActivationAtr: 0.8,
  trailDistanceAtr: 1.3,
  maxLeverage: 125,
  maintenanceMarginRate: 0.005,
  tiers: [
    { minConfidence: 0.9, size: 1 },
    { minConfidence: 0.8, size: 0.8 },
    { minConfidence: 0.7, size: 0.5 },
    { minConfidence: 0.65, size: 0.3 },
  ],
};

/** The shipped risk defaults, written out so a test states the numbers it computes with. */
export const settings: RiskSettings = {
  ...coreSettings,
  riskPerTrade: 0.02,
  maxPortfolioRisk: 0.1,
  drawdown: { soft: 0.05, softExposure: 0.5, hard: 0.1, hardExposure: 0.2 },
  takeProfitAtr: 2,
  kelly: { enabled: false, fraction: 0.5 },
};

export const market: MarketInfo = {
  symbol: 'SOL/USD',
  base: 'SOL',
  quote: 'USD',
  pricePrecision: 2,
  amountPrecision: 8,
  minAmount: 0.02,
  minCost: 0.5,
  maxLeverage: 5,
};

export function signal(over: Partial<Signal> = {}): Signal {
  return {
    symbol: 'SOL/USD',
    barTime: 0,
    source: 'ensemble',
    direction: 'long',
    exposure: 1,
    rebalance: true,
    horizonBars: 24,
    confidence: 0.85,
    class: 'STRONG_BUY',
    expectedReturn: 0.01,
    atr: 1,
    members: [],
    inputs: {},
    ...over,
  };
}

/** Equity 10,000, price 100, ATR 1, taker fee 0.26%: a round-trip fee of 0.52 per unit. */
export function ctx(over: Partial<RiskContext> = {}): RiskContext {
  return {
    signal: signal(),
    market,
    settings,
    leverageRange: { min: 20, max: 125, default: 35 },
    equity: 10_000,
    cash: 10_000,
    price: 100,
    takerFee: 0.0026,
    ...over,
  };
}

export const proposal = (over: Partial<Proposal> = {}): Proposal => ({
  symbol: 'SOL/USD',
  side: 'long',
  quantity: 500,
  leverage: 5,
  stopDistance: 1.3,
  notes: [],
  ...over,
});

/** Loss per unit at the stop of `proposal()`: 1.3 + 2 x 0.0026 x 100 = 1.82. */
export const LOSS_PER_UNIT = 1.82;
