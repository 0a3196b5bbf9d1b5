import type { Position } from '../../src/domain/position.js';
import type { Signal } from '../../src/domain/signal.js';
import type { AllocationInput, PortfolioSettings } from '../../src/portfolio/types.js';

/** The shipped portfolio defaults, with the shipped risk tiers. */
export const portfolioSettings: PortfolioSettings = {
  tierCaps: { 1: 0.5, 2: 0.4, 3: 0.1 },
  tier3Sleeve: 0.2,
  regimes: {
    trend: { maxPositions: 8, cashBuffer: 0.1 },
    chop: { maxPositions: 6, cashBuffer: 0.2 },
    down: { maxPositions: 4, cashBuffer: 0.6 },
  },
  maxGrossExposure: 1,
  rebalanceBand: 0.25,
  flipConfidence: 0.7,
  sizeTiers: [
    { minConfidence: 0.9, size: 1 },
    { minConfidence: 0.8, size: 0.8 },
    { minConfidence: 0.7, size: 0.5 },
    { minConfidence: 0.65, size: 0.3 },
  ],
};

/** A decision of the rule-based strategy (no confidence): `exposure` of the sleeve on `direction`. */
export function rule(symbol: string, direction: 'long' | 'short' | 'flat', exposure: number, over: Partial<Signal> = {}): Signal {
  return {
    symbol,
    barTime: 0,
    source: 'rule',
    direction,
    exposure: direction === 'flat' ? 0 : exposure,
    rebalance: true,
    horizonBars: 24,
    class: 'HOLD',
    atr: 1,
    members: [],
    inputs: {},
    ...over,
  };
}

/** A decision a model judged: the rule's exposure, sized by the tier of `confidence`. */
export function judged(symbol: string, direction: 'long' | 'short', exposure: number, confidence: number, expectedReturn?: number): Signal {
  return { ...rule(symbol, direction, exposure), source: 'ensemble', confidence, ...(expectedReturn !== undefined && { expectedReturn }) };
}

/** An open position worth `notional` at its entry price 100 (the mark, unless a test moves it). */
export function pos(symbol: string, side: 'long' | 'short', notional: number): Position {
  return {
    id: `p-${symbol}`,
    symbol,
    side,
    quantity: notional / 100,
    entryPrice: 100,
    entryTime: 0,
    leverage: 1,
    margin: notional,
    liquidationPrice: side === 'long' ? 0.5 : 199,
    stopPrice: side === 'long' ? 90 : 110,
    atr: 5,
    peakPrice: 100,
    trailing: false,
  };
}

const ASSETS = ['BTC/USD', 'ETH/USD', 'SOL/USD'];

/** 10,000 equity, the three shipped assets (sleeves of a third), marks at 100. */
export function input(over: Partial<AllocationInput>): AllocationInput {
  const symbols = new Set([...ASSETS, ...(over.signals ?? []).map((s) => s.symbol), ...(over.positions ?? []).map((p) => p.symbol)]);
  return {
    equity: 10_000,
    signals: [],
    positions: [],
    marks: new Map([...symbols].map((s) => [s, 100])),
    assets: ASSETS,
    tiers: { 'BTC/USD': 1, 'ETH/USD': 1, 'SOL/USD': 2 },
    marketRegime: 'trend',
    costs: { takerFee: 0.0026, slippageBps: 5 },
    settings: portfolioSettings,
    ...over,
  };
}
