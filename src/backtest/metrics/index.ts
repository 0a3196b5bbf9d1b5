export { annualisedReturn, performanceReport } from './performance.js';
export type { PerformanceOptions, PerformanceReport } from './performance.js';
export { assertEquityCurve, barDurationMs, barReturns, YEAR_MS } from './equityCurve.js';
export type { EquityPoint } from './equityCurve.js';
export { drawdown } from './drawdown.js';
export type { Drawdown } from './drawdown.js';
export { boundedRatio, downsideDeviation, sharpeRatio, sortinoRatio, standardDeviation, ZERO_DEVIATION } from './ratios.js';
export { tradeStats } from './trades.js';
export type { ClosedTrade, TradeStats } from './trades.js';
