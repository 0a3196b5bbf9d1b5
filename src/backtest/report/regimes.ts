import type { Symbol } from '../../domain/bar.js';
import { sharpeRatio, sortinoRatio, tradeStats } from '../metrics/index.js';
import type { AssetLedger } from './assetLedger.js';
import { closedTrade } from './tradeRows.js';
import type { RegimeMark, RegimeReport, TradeRow } from './types.js';

/** The regime of an asset at a time before any label that applies to it. */
export const UNLABELLED = 'unlabelled';

export type RegimeOf = (asset: Symbol, time: number) => string;

interface Labels {
  readonly times: number[];
  readonly regimes: string[];
}

function labelAt(labels: Labels | undefined, time: number): string | undefined {
  if (!labels) return undefined;
  let lo = 0;
  let hi = labels.times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (labels.times[mid]! <= time) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? undefined : labels.regimes[lo - 1];
}

/** An asset's own label in force wins over the market's; marks may come in any order. */
export function regimeLookup(marks: readonly RegimeMark[]): RegimeOf {
  const sorted = [...marks].sort((a, b) => a.time - b.time);
  const byAsset = new Map<Symbol, Labels>();
  const market: Labels = { times: [], regimes: [] };
  for (const m of sorted) {
    if (!Number.isFinite(m.time)) throw new RangeError(`regime label '${m.regime}' has no finite time (${m.time})`);
    let labels = market;
    if (m.asset !== undefined) {
      labels = byAsset.get(m.asset) ?? { times: [], regimes: [] };
      byAsset.set(m.asset, labels);
    }
    labels.times.push(m.time);
    labels.regimes.push(m.regime);
  }
  return (asset, time) => labelAt(byAsset.get(asset), time) ?? labelAt(market, time) ?? UNLABELLED;
}

interface Tally {
  bars: number;
  assetBars: number;
  exposed: number;
  pnl: number;
  strategyGrowth: number;
  marketGrowth: number;
  /** The per-bar returns attributed to the regime, for its Sharpe and Sortino. */
  readonly returns: number[];
  /** This bar's sums, folded into the growths once every asset of the bar is seen. */
  barReturn: number;
  barMarket: number;
  barAssets: number;
}

export interface RegimeInputs {
  readonly assets: readonly Symbol[];
  readonly times: readonly number[];
  readonly equity: readonly number[];
  readonly ledgers: ReadonlyMap<Symbol, AssetLedger>;
  readonly marks: ReadonlyMap<Symbol, Float64Array>;
  readonly rows: readonly TradeRow[];
  readonly regimeOf: RegimeOf;
  readonly barsPerYear: number;
}

/**
 * Bar k (k >= 1) is the move from the mark of bar k-1 to that of bar k, and belongs to the regime in
 * force at bar k. Its portfolio return is split by asset, (pnl[k] - pnl[k-1]) / equity[k-1]; an asset's
 * share goes to that asset's regime, and each regime compounds the per-bar sums of its shares. With one
 * market regime the regimes' growths multiply to the portfolio's (when all P&L comes from the assets).
 */
export function regimeReports(x: RegimeInputs): RegimeReport[] {
  const tallies = new Map<string, Tally>();
  const touched: Tally[] = [];
  let allAssetBars = 0;
  for (let k = 1; k < x.times.length; k++) {
    const prevEquity = x.equity[k - 1]!;
    for (const asset of x.assets) {
      const regime = x.regimeOf(asset, x.times[k]!);
      let t = tallies.get(regime);
      if (!t) {
        t = { bars: 0, assetBars: 0, exposed: 0, pnl: 0, strategyGrowth: 1, marketGrowth: 1, returns: [], barReturn: 0, barMarket: 0, barAssets: 0 };
        tallies.set(regime, t);
      }
      const ledger = x.ledgers.get(asset)!;
      const m = x.marks.get(asset)!;
      const dPnl = ledger.pnl[k]! - ledger.pnl[k - 1]!;
      if (t.barAssets === 0) touched.push(t);
      t.barAssets++;
      t.assetBars++;
      t.exposed += ledger.open[k]!;
      t.pnl += dPnl;
      t.barReturn += prevEquity > 0 ? dPnl / prevEquity : 0;
      t.barMarket += m[k]! / m[k - 1]! - 1;
      allAssetBars++;
    }
    for (const t of touched) {
      t.bars++;
      t.strategyGrowth *= 1 + t.barReturn;
      t.returns.push(t.barReturn);
      t.marketGrowth *= 1 + t.barMarket / t.barAssets;
      t.barReturn = 0;
      t.barMarket = 0;
      t.barAssets = 0;
    }
    touched.length = 0;
  }

  const tradesByRegime = new Map<string, TradeRow[]>();
  for (const row of x.rows) {
    const regime = x.regimeOf(row.symbol, row.entryTime);
    const list = tradesByRegime.get(regime);
    if (list) list.push(row);
    else tradesByRegime.set(regime, [row]);
  }
  const names = [...new Set([...tallies.keys(), ...tradesByRegime.keys()])].sort();
  return names.map((regime) => {
    const t = tallies.get(regime);
    return {
      regime,
      bars: t?.bars ?? 0,
      assetBars: t?.assetBars ?? 0,
      share: t && allAssetBars > 0 ? t.assetBars / allAssetBars : 0,
      exposure: t && t.assetBars > 0 ? t.exposed / t.assetBars : 0,
      pnl: t?.pnl ?? 0,
      strategyReturn: t ? t.strategyGrowth - 1 : 0,
      marketReturn: t ? t.marketGrowth - 1 : 0,
      sharpe: t ? sharpeRatio(t.returns, x.barsPerYear) : 0,
      sortino: t ? sortinoRatio(t.returns, x.barsPerYear) : 0,
      trades: tradeStats((tradesByRegime.get(regime) ?? []).map(closedTrade)),
    };
  });
}
