import type { Symbol } from '../../domain/bar.js';
import type { EquityPoint } from '../../domain/equity.js';
import type { Fill, FillEffect } from '../../domain/fill.js';
import type { PositionSide } from '../../domain/order.js';
import type { ClosedPosition } from '../../domain/ports.js';
import type { Timeframe } from '../../domain/timeframe.js';
import type { PerformanceReport, TradeStats } from '../metrics/index.js';
import type { WalkForwardComparison } from '../walkForwardComparison.js';

/** A close of one asset; `time` is the bar's open time, as on Bar and EquityPoint. */
export interface ClosePoint {
  readonly time: number;
  readonly close: number;
}

/**
 * A regime label from `time` on, until the next label. With `asset` it labels that asset; without, the
 * whole market (every asset that has no label of its own at that time).
 */
export interface RegimeMark {
  readonly time: number;
  readonly asset?: Symbol;
  readonly regime: string;
}

/** Walk-forward windows in epoch ms, each [from, to). */
export interface WalkForwardWindow {
  readonly trainFrom: number;
  readonly trainTo: number;
  readonly testFrom: number;
  readonly testTo: number;
}

/**
 * What one backtest run produced. Times are bar open times in epoch ms; the equity point of a bar is
 * marked at that bar's close and includes every fill whose time is at or before it.
 */
export interface BacktestInput {
  readonly runId: string;
  readonly assets: readonly Symbol[];
  readonly timeframe: Timeframe;
  /** The requested period, [from, to). */
  readonly from: number;
  readonly to: number;
  readonly capital: number;
  /** Taker fee rate of the run's venue: buy-and-hold pays it once in and once out. */
  readonly takerFee: number;
  /** The configuration the run used, as JSON (snapshotted into report.json). */
  readonly config: unknown;
  /** Portfolio equity per bar, strictly increasing times, starting positive. */
  readonly equity: readonly EquityPoint[];
  /** Every fill, in the order the venue produced them. */
  readonly fills: readonly Fill[];
  readonly closedPositions: readonly ClosedPosition[];
  /**
   * Parallel to `equity`: true (or non-zero) where a position was open. When absent it is derived
   * from the fills: a bar is exposed when a position is open at its mark.
   */
  readonly exposure?: readonly boolean[] | readonly number[];
  readonly regimes?: readonly RegimeMark[];
  /** Closes per asset, oldest first: marks for per-asset P&L and the buy-and-hold benchmark. */
  readonly closes: ReadonlyMap<Symbol, readonly ClosePoint[]>;
  /** Model name -> version (or hash) the run used. */
  readonly modelVersions: Readonly<Record<string, string>>;
  readonly walkForward?: readonly WalkForwardWindow[];
  /** A walk-forward's verdict: the retrained models beside the rule-based strategy, per fold and pooled. */
  readonly walkForwardComparison?: WalkForwardComparison;
}

export interface BuildReportOptions {
  /** When the report is made, epoch ms: an input, so that the same run gives the same report. */
  readonly generatedAt: number;
}

/** What `--json` prints: the portfolio's statistics, the run's identity, and buy-and-hold beside it. */
export interface ReportSummary extends PerformanceReport {
  runId: string;
  /** sha256 of the canonical fills, see fingerprint.ts. */
  fingerprint: string;
  assets: Symbol[];
  timeframe: Timeframe;
  from: string;
  to: string;
  capital: number;
  fills: number;
  /** Every fee of every fill; totalFees counts closed trades only, this also the open positions' entries. */
  fees: number;
  /** Positions still open at the last bar: in the equity, not in the trade statistics. */
  openPositions: number;
  buyAndHold: PerformanceReport;
}

/**
 * One asset's share of the run. Its curve is the capital plus this asset's P&L alone (realised after
 * fees, and the open position marked at each close), so its statistics are the asset's contribution
 * to the portfolio at the sizes the portfolio chose, not a backtest of the asset on its own.
 */
export interface AssetReport {
  symbol: Symbol;
  /** P&L after fees this asset added over the run, its open position marked at the last bar. */
  pnl: number;
  fills: number;
  /** performanceReport of the contribution curve, the asset's closed trades, bars with a position in it. */
  performance: PerformanceReport;
  /** This asset's leg of buy-and-hold: bought at the first mark, sold at the last, a taker fee each way. */
  buyAndHoldReturn: number;
}

/**
 * The bars and trades spent in one regime. A bar belongs to a regime through the label in force at its
 * time; with labels per asset, an (asset, bar) pair does, and the portfolio's return of that bar is
 * split by asset (each asset's P&L change over the previous bar's equity).
 */
export interface RegimeReport {
  regime: string;
  /** Bars with at least one asset in this regime, and (asset, bar) pairs in it. */
  bars: number;
  assetBars: number;
  /** assetBars over all (asset, bar) pairs of the run. */
  share: number;
  /** Share of its assetBars with a position open in that asset. */
  exposure: number;
  /** Strategy P&L earned in this regime, money after fees. */
  pnl: number;
  /** The per-bar returns attributed to this regime, compounded. */
  strategyReturn: number;
  /** Equal-weight market over the same (asset, bar) pairs: per bar the mean close-to-close return, compounded. */
  marketReturn: number;
  /** Of the per-bar returns attributed to this regime, annualised as the portfolio's; null when unbounded. */
  sharpe: number | null;
  sortino: number | null;
  /** Trades whose asset was in this regime at entry. */
  trades: TradeStats;
}

export interface BuyAndHoldLeg {
  symbol: Symbol;
  quantity: number;
  entryTime: number;
  entryPrice: number;
  exitTime: number;
  exitPrice: number;
  fees: number;
  /** Net of both fees, on the capital the leg was given. */
  totalReturn: number;
}

export interface BuyAndHoldReport {
  /** Capital split equally over the assets, each bought at its first mark and sold at its last. */
  method: string;
  takerFee: number;
  legs: BuyAndHoldLeg[];
  performance: PerformanceReport;
}

export interface FoldReport extends WalkForwardWindow {
  index: number;
  /** Equity points in [testFrom, testTo); the statistics below are null without two of them. */
  bars: number;
  totalReturn: number | null;
  sharpe: number | null;
  maxDrawdown: number | null;
  buyAndHoldReturn: number | null;
  /** Trades that entered in the test window. */
  trades: number;
  netPnl: number;
}

/** report.json: JSON-safe (finite numbers, null for unbounded ratios, ISO times where people read them). */
export interface BacktestReport {
  schemaVersion: 1;
  generatedAt: string;
  summary: ReportSummary;
  perAsset: AssetReport[];
  perRegime: RegimeReport[];
  buyAndHold: BuyAndHoldReport;
  folds: FoldReport[];
  walkForwardComparison?: WalkForwardComparison;
  modelVersions: Record<string, string>;
  config: unknown;
}

/** One row of trades.csv and of the HTML trades table. */
export interface TradeRow {
  positionId: string;
  symbol: Symbol;
  side: PositionSide;
  entryTime: number;
  entryPrice: number;
  exitTime: number;
  exitPrice: number;
  /** Quantity opened (a partly closed position reports what it started with). */
  quantity: number;
  leverage: number;
  /** Realised P&L before fees, over every closing fill. */
  pnl: number;
  /** Every fee of the position's fills, opening and closing. */
  fees: number;
  net: number;
  exitReason: FillEffect;
  /** Sum of quantity x price over its closing fills. */
  exitNotional: number;
}
