import type { Symbol } from '../../domain/bar.js';
import { performanceReport, type PerformanceReport } from '../metrics/index.js';
import { assetLedger, type AssetLedger } from './assetLedger.js';
import { addSeries, addTotals, costReport } from './costReport.js';
import { closedTrade, tradeRows } from './tradeRows.js';
import type { AssetFigures, CostReport, TradeRow, TradingRecord } from './types.js';

/** One strategy's books on the report's times: per-asset ledgers, trade rows, bars with a position. */
export interface RunBooks {
  readonly ledgers: Map<Symbol, AssetLedger>;
  readonly exposure: ArrayLike<boolean | number>;
  readonly rows: TradeRow[];
}

export function runBooks(
  record: TradingRecord,
  assets: readonly Symbol[],
  times: readonly number[],
  marks: ReadonlyMap<Symbol, Float64Array>,
  barMs: number,
): RunBooks {
  const charges = record.charges ?? [];
  const ledgers = new Map(
    assets.map(
      (a) =>
        [
          a,
          assetLedger(
            a,
            record.fills.filter((f) => f.symbol === a),
            charges.filter((c) => c.symbol === a),
            times,
            marks.get(a)!,
            barMs,
          ),
        ] as const,
    ),
  );
  return {
    ledgers,
    exposure: record.exposure ?? anyOpen([...ledgers.values()], times.length),
    rows: tradeRows(record.closedPositions, record.fills, charges),
  };
}

function anyOpen(ledgers: readonly AssetLedger[], n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (const l of ledgers) for (let i = 0; i < n; i++) if (l.open[i]) out[i] = 1;
  return out;
}

/** One strategy's figures: the portfolio's statistics and costs, and each asset's share. */
export interface RunFigures {
  readonly performance: PerformanceReport;
  readonly costs: CostReport;
  readonly perAsset: Map<Symbol, AssetFigures>;
  readonly openPositions: number;
}

export function runFigures(record: TradingRecord, books: RunBooks, capital: number, barMs: number): RunFigures {
  const { equity } = record;
  const ledgers = [...books.ledgers.values()];
  const trades = books.rows.map(closedTrade);
  const perAsset = new Map(
    ledgers.map((l) => {
      const curve = equity.map((p, i) => ({ time: p.time, equity: capital + l.pnl[i]! }));
      const own = books.rows.filter((r) => r.symbol === l.symbol).map(closedTrade);
      const figures: AssetFigures = {
        pnl: l.pnl[l.pnl.length - 1]!,
        performance: performanceReport(curve, own, l.open, { barMs }),
        costs: costReport({ ...l, equity, trades: own }),
      };
      return [l.symbol, figures] as const;
    }),
  );
  return {
    performance: performanceReport(equity, trades, books.exposure, { barMs }),
    costs: costReport({
      ...addTotals(ledgers),
      open: books.exposure,
      notional: addSeries(
        ledgers.map((l) => l.notional),
        equity.length,
      ),
      equity,
      trades,
    }),
    perAsset,
    openPositions: ledgers.reduce((n, l) => n + l.openAtEnd, 0),
  };
}
