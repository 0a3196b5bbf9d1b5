import { drawdown } from './drawdown.js';
import { assertEquityCurve, barDurationMs, barReturns, YEAR_MS, type EquityPoint } from './equityCurve.js';
import { boundedRatio, sharpeRatio, sortinoRatio, standardDeviation } from './ratios.js';
import { tradeStats, type ClosedTrade, type TradeStats } from './trades.js';

/**
 * The statistics of one backtest (or paper/live run). Every field is a finite number or null; null means
 * a ratio whose denominator is 0 while its numerator is not (unbounded), see ratios.ts and profitFactor.
 * Fractions are fractions (0.12 = 12 %), times are epoch ms, durations ms, money in the quote currency.
 */
export interface PerformanceReport extends TradeStats {
  startTime: number;
  endTime: number;
  /** Points on the equity curve. */
  bars: number;
  /** Median gap between points, and the number of such bars in a year (0 for a single point). */
  barMs: number;
  barsPerYear: number;
  initialEquity: number;
  finalEquity: number;
  totalReturn: number;
  /** CAGR over the elapsed time (last time - first time); null for a single point or an overflow. */
  annualisedReturn: number | null;
  /** Standard deviation of per-bar returns x sqrt(barsPerYear). */
  annualisedVolatility: number;
  sharpe: number | null;
  sortino: number | null;
  /** annualisedReturn / maxDrawdown. */
  calmar: number | null;
  maxDrawdown: number;
  maxDrawdownDurationMs: number;
  /** Share of bars with an open position. */
  exposure: number;
  /** tradedNotional / mean equity over the curve: how many times the book was turned over. */
  turnover: number | null;
}

export interface PerformanceOptions {
  /** Bar duration to annualise with; the curve's median gap when absent. */
  barMs?: number;
}

/** Compound annual growth over `elapsedMs`. A run that loses everything has CAGR -1. */
export function annualisedReturn(initialEquity: number, finalEquity: number, elapsedMs: number): number | null {
  if (!(elapsedMs > 0) || !(initialEquity > 0)) return null;
  if (finalEquity <= 0) return -1;
  const cagr = (finalEquity / initialEquity) ** (YEAR_MS / elapsedMs) - 1;
  return Number.isFinite(cagr) ? cagr : null;
}

/**
 * @param curve equity marked at each bar, time strictly increasing, starting positive
 * @param trades every closed round trip of the run
 * @param inPosition parallel to `curve`: true (or non-zero) where a position was open at that bar
 */
export function performanceReport(
  curve: readonly EquityPoint[],
  trades: readonly ClosedTrade[],
  inPosition: ArrayLike<boolean | number>,
  options: PerformanceOptions = {},
): PerformanceReport {
  assertEquityCurve(curve);
  if (inPosition.length !== curve.length) {
    throw new RangeError(`performanceReport: inPosition has ${inPosition.length} entries, the equity curve ${curve.length}`);
  }
  const first = curve[0]!;
  const last = curve[curve.length - 1]!;
  const barMs = options.barMs ?? barDurationMs(curve);
  if (!(barMs >= 0)) throw new RangeError(`performanceReport: barMs must be >= 0, got ${barMs}`);
  const barsPerYear = barMs > 0 ? YEAR_MS / barMs : 0;

  const returns = barReturns(curve);
  const cagr = annualisedReturn(first.equity, last.equity, last.time - first.time);
  const dd = drawdown(curve);

  let exposed = 0;
  let equitySum = 0;
  for (let i = 0; i < curve.length; i++) {
    if (inPosition[i]) exposed++;
    equitySum += curve[i]!.equity;
  }
  const stats = tradeStats(trades);

  return {
    startTime: first.time,
    endTime: last.time,
    bars: curve.length,
    barMs,
    barsPerYear,
    initialEquity: first.equity,
    finalEquity: last.equity,
    totalReturn: last.equity / first.equity - 1,
    annualisedReturn: cagr,
    annualisedVolatility: standardDeviation(returns) * Math.sqrt(barsPerYear),
    sharpe: sharpeRatio(returns, barsPerYear),
    sortino: sortinoRatio(returns, barsPerYear),
    calmar: cagr === null ? null : boundedRatio(cagr, dd.maxDrawdown),
    maxDrawdown: dd.maxDrawdown,
    maxDrawdownDurationMs: dd.longestDurationMs,
    exposure: exposed / curve.length,
    turnover: boundedRatio(stats.tradedNotional, equitySum / curve.length),
    ...stats,
  };
}
