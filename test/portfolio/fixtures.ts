import type { Position } from '../../src/domain/position.js';
import type { Signal } from '../../src/domain/signal.js';
import type { AllocationInput, PortfolioSettings } from '../../src/portfolio/types.js';

/** The shipped portfolio defaults, with the lowest risk tier (0.65) as the entry confidence. */
export const portfolioSettings: PortfolioSettings = {
  tierCaps: { 1: 0.15, 2: 0.1, 3: 0.05 },
  tier3Sleeve: 0.12,
  regimes: {
    trend: { maxPositions: 8, cashBuffer: 0.1 },
    chop: { maxPositions: 6, cashBuffer: 0.2 },
    down: { maxPositions: 4, cashBuffer: 0.6 },
  },
  rebalanceBand: 0.25,
  flipConfidence: 0.7,
  minConfidence: 0.65,
};

/** A directional signal; its expected return (1%) beats the default round-trip costs (0.62%) unless told. */
export function sig(symbol: string, direction: 'long' | 'short' | 'flat', confidence: number, expectedReturn?: number): Signal {
  const probability = direction === 'short' ? 1 - confidence : direction === 'flat' ? 0.5 : confidence;
  const sign = direction === 'short' ? -1 : direction === 'long' ? 1 : 0;
  return {
    symbol, barTime: 0, source: 'ensemble', direction, probability, confidence, class: 'HOLD',
    expectedReturn: expectedReturn ?? sign * 0.01, atr: 1, members: [], inputs: {},
  };
}

/** An open position holding `margin` of the 10,000 equity. */
export function pos(symbol: string, side: 'long' | 'short', margin: number): Position {
  return {
    id: `p-${symbol}`, symbol, side, quantity: 1, entryPrice: 100, entryTime: 0, leverage: 3, margin,
    liquidationPrice: side === 'long' ? 67 : 133, stopPrice: side === 'long' ? 98 : 102, atr: 1, peakPrice: 100, trailing: false,
  };
}

export function input(over: Partial<AllocationInput>): AllocationInput {
  return {
    equity: 10_000, signals: [], positions: [], volatility: {}, tiers: { 'BTC/USD': 1, 'ETH/USD': 1, 'SOL/USD': 2 },
    marketRegime: 'trend', costs: { takerFee: 0.0026, slippageBps: 5 }, settings: portfolioSettings, ...over,
  };
}
