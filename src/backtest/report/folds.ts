import type { Symbol } from '../../domain/bar.js';
import { performanceReport, type EquityPoint } from '../metrics/index.js';
import { buyAndHold } from './buyAndHold.js';
import { closedTrade } from './tradeRows.js';
import type { FoldReport, TradeRow, WalkForwardWindow } from './types.js';

export interface FoldInputs {
  readonly assets: readonly Symbol[];
  readonly takerFee: number;
  readonly equity: readonly EquityPoint[];
  readonly exposure: ArrayLike<boolean | number>;
  readonly marks: ReadonlyMap<Symbol, Float64Array>;
  readonly rows: readonly TradeRow[];
  readonly barMs: number;
}

/**
 * Each fold's test window on its own: the equity points in [testFrom, testTo), the trades that entered
 * in it, and buy-and-hold bought at the window's first mark and sold at its last, fees both ways.
 */
export function foldReports(windows: readonly WalkForwardWindow[], x: FoldInputs): FoldReport[] {
  return windows.map((w, index) => {
    let start = 0;
    while (start < x.equity.length && x.equity[start]!.time < w.testFrom) start++;
    let end = start;
    while (end < x.equity.length && x.equity[end]!.time < w.testTo) end++;
    const rows = x.rows.filter((r) => r.entryTime >= w.testFrom && r.entryTime < w.testTo);
    const netPnl = rows.reduce((s, r) => s + r.net, 0);
    const base = { ...w, index, bars: end - start, trades: rows.length, netPnl };
    if (end - start < 2 || !(x.equity[start]!.equity > 0)) return { ...base, totalReturn: null, sharpe: null, maxDrawdown: null, buyAndHoldReturn: null };

    const curve = x.equity.slice(start, end);
    const exposure = Array.from({ length: end - start }, (_, i) => x.exposure[start + i]!);
    const perf = performanceReport(curve, rows.map(closedTrade), exposure, { barMs: x.barMs });
    const windowMarks = new Map([...x.marks].map(([s, m]) => [s, m.subarray(start, end)] as const));
    const bh = buyAndHold(
      x.assets,
      1,
      x.takerFee,
      curve.map((p) => p.time),
      windowMarks,
    ).curve;
    return { ...base, totalReturn: perf.totalReturn, sharpe: perf.sharpe, maxDrawdown: perf.maxDrawdown, buyAndHoldReturn: bh[bh.length - 1]!.equity - 1 };
  });
}
