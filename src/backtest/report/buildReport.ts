import type { Symbol } from '../../domain/bar.js';
import { timeframeMs } from '../../domain/timeframe.js';
import { performanceReport } from '../metrics/index.js';
import { assetLedger, type AssetLedger } from './assetLedger.js';
import { BUY_AND_HOLD_METHOD, buyAndHold, type BuyAndHoldRun } from './buyAndHold.js';
import { fillFingerprint } from './fingerprint.js';
import { foldReports } from './folds.js';
import { marksAt } from './marks.js';
import { regimeLookup, regimeReports } from './regimes.js';
import { closedTrade, tradeRows } from './tradeRows.js';
import type { AssetReport, BacktestInput, BacktestReport, BuildReportOptions, TradeRow } from './types.js';
import { validateInput } from './validateInput.js';

/** Everything the report is computed from, derived once; writeReport draws its files from it too. */
export interface ReportSeries {
  readonly times: number[];
  readonly marks: Map<Symbol, Float64Array>;
  readonly ledgers: Map<Symbol, AssetLedger>;
  readonly exposure: ArrayLike<boolean | number>;
  readonly rows: TradeRow[];
  readonly buyAndHold: BuyAndHoldRun;
}

export function reportSeries(input: BacktestInput): ReportSeries {
  validateInput(input);
  const times = input.equity.map((p) => p.time);
  const marks = new Map(input.assets.map((a) => [a, marksAt(input.closes.get(a)!, times, `closes of ${a}`)] as const));
  const ledgers = new Map(
    input.assets.map((a) => [a, assetLedger(a, input.fills.filter((f) => f.symbol === a), times, marks.get(a)!)] as const),
  );
  return {
    times,
    marks,
    ledgers,
    exposure: input.exposure ?? anyOpen([...ledgers.values()], times.length),
    rows: tradeRows(input.closedPositions, input.fills),
    buyAndHold: buyAndHold(input.assets, input.capital, input.takerFee, times, marks),
  };
}

function anyOpen(ledgers: readonly AssetLedger[], n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (const l of ledgers) for (let i = 0; i < n; i++) if (l.open[i]) out[i] = 1;
  return out;
}

/** The whole report of a run; pure: the same input and generatedAt give the same report. */
export function buildReport(input: BacktestInput, options: BuildReportOptions): BacktestReport {
  const s = reportSeries(input);
  const barMs = timeframeMs(input.timeframe);
  const trades = s.rows.map(closedTrade);
  const portfolio = performanceReport(input.equity, trades, s.exposure, { barMs });
  const bhPerformance = performanceReport(s.buyAndHold.curve, s.buyAndHold.trades, new Uint8Array(s.times.length).fill(1), { barMs });

  const perAsset: AssetReport[] = input.assets.map((symbol) => {
    const ledger = s.ledgers.get(symbol)!;
    const curve = s.times.map((time, i) => ({ time, equity: input.capital + ledger.pnl[i]! }));
    const own = s.rows.filter((r) => r.symbol === symbol).map(closedTrade);
    return {
      symbol,
      pnl: ledger.pnl[ledger.pnl.length - 1]!,
      fills: ledger.fills,
      performance: performanceReport(curve, own, ledger.open, { barMs }),
      buyAndHoldReturn: s.buyAndHold.legs.find((l) => l.symbol === symbol)?.totalReturn ?? 0,
    };
  });

  const perRegime =
    input.regimes && input.regimes.length > 0
      ? regimeReports({
          assets: input.assets,
          times: s.times,
          equity: input.equity.map((p) => p.equity),
          ledgers: s.ledgers,
          marks: s.marks,
          rows: s.rows,
          regimeOf: regimeLookup(input.regimes),
          barsPerYear: portfolio.barsPerYear,
        })
      : [];

  const folds = foldReports(input.walkForward ?? [], {
    assets: input.assets,
    takerFee: input.takerFee,
    equity: input.equity,
    exposure: s.exposure,
    marks: s.marks,
    rows: s.rows,
    barMs,
  });

  let openPositions = 0;
  for (const l of s.ledgers.values()) openPositions += l.openAtEnd;

  return {
    schemaVersion: 1,
    generatedAt: isoTime(options.generatedAt, 'generatedAt'),
    summary: {
      runId: input.runId,
      fingerprint: fillFingerprint(input.fills),
      assets: [...input.assets],
      timeframe: input.timeframe,
      from: isoTime(input.from, 'from'),
      to: isoTime(input.to, 'to'),
      capital: input.capital,
      fills: input.fills.length,
      fees: input.fills.reduce((sum, f) => sum + f.fee, 0),
      openPositions,
      ...portfolio,
      buyAndHold: bhPerformance,
    },
    perAsset,
    perRegime,
    buyAndHold: { method: BUY_AND_HOLD_METHOD, takerFee: input.takerFee, legs: s.buyAndHold.legs, performance: bhPerformance },
    folds,
    ...(input.walkForwardComparison && { walkForwardComparison: input.walkForwardComparison }),
    modelVersions: { ...input.modelVersions },
    config: jsonSnapshot(input.config),
  };
}

function isoTime(ms: number, what: string): string {
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) throw new RangeError(`report: ${what} is not a time in epoch ms: ${ms}`);
  return new Date(ms).toISOString();
}

/** A copy that survives JSON as it is: undefined fields dropped, no shared references to the caller's objects. */
function jsonSnapshot(value: unknown): unknown {
  if (value === undefined) return null;
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new RangeError(`report: the config holds ${v}, which JSON cannot carry`);
    if (typeof v === 'bigint') throw new RangeError('report: the config holds a bigint, which JSON cannot carry');
    return v;
  });
  return JSON.parse(text) as unknown;
}
