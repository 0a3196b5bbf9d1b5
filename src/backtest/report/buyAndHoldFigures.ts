import type { Symbol } from '../../domain/bar.js';
import { performanceReport, type EquityPoint, type PerformanceReport } from '../metrics/index.js';
import type { BuyAndHoldRun } from './buyAndHold.js';
import { addSeries, addTotals, costReport, type CostTotals } from './costReport.js';
import type { AssetFigures, CostReport } from './types.js';

export interface BuyAndHoldFigures {
  readonly performance: PerformanceReport;
  readonly costs: CostReport;
  readonly perAsset: Map<Symbol, AssetFigures>;
}

/**
 * Buy-and-hold with the strategy's figures: its statistics, and where its money went. Each leg is also a
 * contribution curve (the capital plus the leg's P&L: the entry fee from the first mark after buying, the
 * exit fee at the last), so that its per-asset figures read as the strategy's do.
 */
export function buyAndHoldFigures(
  run: BuyAndHoldRun,
  assets: readonly Symbol[],
  capital: number,
  takerFee: number,
  marks: ReadonlyMap<Symbol, ArrayLike<number>>,
  barMs: number,
): BuyAndHoldFigures {
  const { curve } = run;
  const n = curve.length;
  const last = n - 1;
  const held = new Uint8Array(n).fill(1);
  const perAsset = new Map<Symbol, AssetFigures>();
  const totals: CostTotals[] = [];
  const notionals: Float64Array[] = [];
  // Legs and trades are parallel; a run of a single time has neither, and every asset stays flat.
  const legOf = new Map(run.legs.map((leg, k) => [leg.symbol, { leg, trade: run.trades[k]! }] as const));
  for (const symbol of assets) {
    const { leg, trade } = legOf.get(symbol) ?? {};
    const m = marks.get(symbol)!;
    const q = leg?.quantity ?? 0;
    const entryFee = q * (leg?.entryPrice ?? 0) * takerFee;
    const legCurve: EquityPoint[] = curve.map((p, i) => ({
      time: p.time,
      equity: i === 0 || !leg ? capital : capital + q * (m[i]! - leg.entryPrice) - entryFee - (i === last ? q * m[i]! * takerFee : 0),
    }));
    const notional = Float64Array.from({ length: n }, (_, i) => q * m[i]!);
    const sums: CostTotals = leg
      ? { grossPnl: q * (leg.exitPrice - leg.entryPrice), fees: leg.fees, financing: 0, tradedNotional: q * (leg.entryPrice + leg.exitPrice) }
      : { grossPnl: 0, fees: 0, financing: 0, tradedNotional: 0 };
    const trades = trade ? [trade] : [];
    totals.push(sums);
    notionals.push(notional);
    perAsset.set(symbol, {
      pnl: legCurve[last]!.equity - capital,
      performance: performanceReport(legCurve, trades, held, { barMs }),
      costs: costReport({ ...sums, open: held, notional, equity: curve, trades }),
    });
  }
  const performance = performanceReport(curve, run.trades, held, { barMs });
  const costs = costReport({ ...addTotals(totals), open: held, notional: addSeries(notionals, n), equity: curve, trades: run.trades });
  return { performance, costs, perAsset };
}
