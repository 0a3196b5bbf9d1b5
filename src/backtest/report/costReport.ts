import { boundedRatio, tradeStats, type ClosedTrade } from '../metrics/index.js';
import type { CostReport } from './types.js';

/** The sums a cost report is made of: one asset's, or added over the assets of a portfolio. */
export interface CostTotals {
  readonly grossPnl: number;
  readonly fees: number;
  readonly financing: number;
  readonly tradedNotional: number;
}

export interface CostInputs extends CostTotals {
  /** Per bar, parallel to `equity`: whether a position was open, and the gross notional held at the mark. */
  readonly open: ArrayLike<boolean | number>;
  readonly notional: ArrayLike<number>;
  /** The run's portfolio equity per bar: the denominator of turnover and gross exposure. */
  readonly equity: readonly { readonly equity: number }[];
  readonly trades: readonly ClosedTrade[];
}

export function addTotals(parts: readonly CostTotals[]): CostTotals {
  return parts.reduce<CostTotals>(
    (s, p) => ({
      grossPnl: s.grossPnl + p.grossPnl,
      fees: s.fees + p.fees,
      financing: s.financing + p.financing,
      tradedNotional: s.tradedNotional + p.tradedNotional,
    }),
    { grossPnl: 0, fees: 0, financing: 0, tradedNotional: 0 },
  );
}

/** Bar-wise sum of equally long series: the gross notional of several assets. */
export function addSeries(parts: readonly ArrayLike<number>[], n: number): Float64Array {
  const out = new Float64Array(n);
  for (const p of parts) for (let i = 0; i < n; i++) out[i]! += p[i]!;
  return out;
}

/** Where the money went (see CostReport): the ratios derived from the sums, the bars and the closed trades. */
export function costReport(x: CostInputs): CostReport {
  const n = x.equity.length;
  if (x.open.length !== n || x.notional.length !== n)
    throw new RangeError(`cost report: ${x.open.length} exposure flags and ${x.notional.length} notionals for ${n} equity points`);
  let equitySum = 0;
  let notionalSum = 0;
  let openBars = 0;
  for (let i = 0; i < n; i++) {
    equitySum += x.equity[i]!.equity;
    notionalSum += x.notional[i]!;
    if (x.open[i]) openBars++;
  }
  const stats = tradeStats(x.trades);
  return {
    grossPnl: x.grossPnl,
    fees: x.fees,
    financing: x.financing,
    netPnl: x.grossPnl - x.fees - x.financing,
    tradedNotional: x.tradedNotional,
    turnover: boundedRatio(x.tradedNotional, equitySum / n),
    feeShare: x.grossPnl > 0 ? x.fees / x.grossPnl : null,
    exposure: n === 0 ? 0 : openBars / n,
    grossExposure: boundedRatio(notionalSum, equitySum),
    averageHoldingMs: stats.trades === 0 ? null : stats.averageHoldingMs,
    hitRate: stats.trades === 0 ? null : stats.winRate,
    trades: stats.trades,
  };
}
