import type { Symbol } from '../../domain/bar.js';
import type { EquityPoint } from '../../domain/equity.js';
import type { FinancingCharge } from '../../domain/financing.js';
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
 * One strategy's trading over a run: what the venue did, bar by bar. Times are bar open times in epoch
 * ms, as fills carry them; the equity point of a bar is marked at that bar's close and includes every
 * fill whose time is at or before it, and every charge the venue made in that bar.
 */
export interface TradingRecord {
  /** Portfolio equity per bar, strictly increasing times, starting positive. */
  readonly equity: readonly EquityPoint[];
  /** Every fill, in the order the venue produced them. */
  readonly fills: readonly Fill[];
  readonly closedPositions: readonly ClosedPosition[];
  /**
   * Financing the venue charged (margin opening and rollover fees, futures funding), in the order charged;
   * cash moved by -amount for each, so the equity already carries them. An opening fee is stamped with
   * its fill's time; a rollover or funding with when it fell due, and charged in the bar that closes at or
   * after that. Absent: none.
   */
  readonly charges?: readonly FinancingCharge[];
  /**
   * Parallel to `equity`: true (or non-zero) where a position was open. When absent it is derived
   * from the fills: a bar is exposed when a position is open at its mark.
   */
  readonly exposure?: readonly boolean[] | readonly number[];
}

/**
 * The rule-based strategy beside the strategy under test. `same`: the strategy under test is the
 * rule-based one (every asset scored by it), so nothing was run twice. `run`: its own run over the
 * same bars (equity at the same times), the same capital, costs and risk.
 */
export type RuleBasedInput = { readonly kind: 'same' } | ({ readonly kind: 'run'; readonly label: string } & TradingRecord);

/** What one backtest run produced. */
export interface BacktestInput extends TradingRecord {
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
  readonly regimes?: readonly RegimeMark[];
  /** Closes per asset, oldest first: marks for per-asset P&L and the buy-and-hold benchmark. */
  readonly closes: ReadonlyMap<Symbol, readonly ClosePoint[]>;
  /** Model name -> version (or hash) the run used. */
  readonly modelVersions: Readonly<Record<string, string>>;
  readonly walkForward?: readonly WalkForwardWindow[];
  /** The rule-based strategy beside this one; absent: not part of this run. */
  readonly ruleBased?: RuleBasedInput;
  /** A walk-forward's verdict: the retrained models beside the rule-based strategy, per fold and pooled. */
  readonly walkForwardComparison?: WalkForwardComparison;
  /** The venue simulated: kraken-spot (the default when absent) or kraken-futures. */
  readonly venue?: string;
  /** Per asset, the stored candle series the run read and its source (a futures run may read spot's as a stand-in). */
  readonly series?: readonly CandleSeriesUsed[];
  /** What the reader must know about the run's inputs (stand-in prices, funding without history). */
  readonly warnings?: readonly string[];
}

/** The candles a run read for one asset. */
export interface CandleSeriesUsed {
  readonly symbol: Symbol;
  readonly series: string;
  readonly source: string | undefined;
  /** Spot candles standing in for a perpetual's prices. */
  readonly standIn: boolean;
}

export interface BuildReportOptions {
  /** When the report is made, epoch ms: an input, so that the same run gives the same report. */
  readonly generatedAt: number;
}

/**
 * Where the money went, for one strategy over the run or for one asset's share of it. Money in the quote
 * currency; a ratio is null where its denominator is 0.
 */
export interface CostReport {
  /** Realised P&L plus the open positions marked at the last bar, before fees and financing. */
  grossPnl: number;
  /** Every fee of every fill, the entries of positions still open included. */
  fees: number;
  /** Margin opening and rollover fees, or futures funding (negative when received on balance). */
  financing: number;
  /** grossPnl - fees - financing: what the equity gained. */
  netPnl: number;
  /** Sum of quantity x price over every fill: opens, increases, reductions, closes, stops. */
  tradedNotional: number;
  /** tradedNotional / the mean equity of the run: how many times the book was traded. */
  turnover: number | null;
  /** fees / grossPnl; null when grossPnl <= 0, where there is no gross profit for the fees to eat. */
  feeShare: number | null;
  /** Share of bars with a position open. */
  exposure: number;
  /** Mean gross notional held (quantity x mark, summed over positions) over the mean equity of the run. */
  grossExposure: number | null;
  /** Mean time from entry to exit of the closed trades; null without one. */
  averageHoldingMs: number | null;
  /** Share of closed trades whose net P&L (after their fees and financing) is > 0; null without one. */
  hitRate: number | null;
  /** Closed trades: one per position, however often it was added to or reduced. */
  trades: number;
}

/** Buy-and-hold's statistics with the same cost figures (financing 0: it buys spot, nothing is borrowed). */
export interface BuyAndHoldSummary extends PerformanceReport {
  costs: CostReport;
}

/** The rule-based strategy's own run on the same bars, summarised as the strategy's is. */
export interface RuleBasedRunSummary extends PerformanceReport {
  status: 'run';
  /** What scored every asset, e.g. 'rule-based (trend)'. */
  label: string;
  fingerprint: string;
  fills: number;
  fees: number;
  openPositions: number;
  costs: CostReport;
}

/**
 * The rule-based strategy beside the strategy under test: its own run, or `same` when the strategy under
 * test is the rule-based one (then its figures are the strategy's, and nothing was run twice).
 */
export type RuleBasedSummary = RuleBasedRunSummary | { status: 'same'; note: string };

/** What `--json` prints: the portfolio's statistics, the run's identity, the rule-based strategy and buy-and-hold beside it. */
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
  /** Where the money went: gross P&L, fees, financing, turnover, exposure, holding, hit rate. */
  costs: CostReport;
  /** kraken-spot or kraken-futures. */
  venue: string;
  /** Perpetual funding paid and received over the run (0 on spot, whose financing is rollover: see costs). */
  fundingPaid: number;
  fundingReceived: number;
  /** Per asset, the candle series read and its source; standIn: spot candles standing in for a perpetual's prices. */
  candles: Record<string, { series: string; source: string | null; standIn: boolean }>;
  /** What the run's figures rest on that the reader must know: stand-in prices, funding at a configured rate. */
  warnings: string[];
  /** null when the run did not include it. */
  ruleBased: RuleBasedSummary | null;
  buyAndHold: BuyAndHoldSummary;
}

/**
 * One strategy's share of the run in one asset. Its curve is the capital plus this asset's P&L alone
 * (realised after fees and financing, and the open position marked at each close), so its statistics
 * are the asset's contribution to the portfolio at the sizes the portfolio chose, not a backtest of the
 * asset on its own. Turnover and gross exposure are over the portfolio's mean equity, so the assets'
 * add up to the portfolio's.
 */
export interface AssetFigures {
  /** P&L after fees and financing this asset added over the run, its open position marked at the last bar. */
  pnl: number;
  /** performanceReport of the contribution curve, the asset's closed trades, bars with a position in it. */
  performance: PerformanceReport;
  costs: CostReport;
}

export interface AssetReport extends AssetFigures {
  symbol: Symbol;
  fills: number;
  /** This asset's leg of buy-and-hold: bought at the first mark, sold at the last, a taker fee each way; on the leg's capital. */
  buyAndHoldReturn: number;
  /** The rule-based strategy's figures in this asset, when it ran beside; null otherwise. */
  ruleBased: AssetFigures | null;
  /** Buy-and-hold's leg as a contribution to its portfolio, on the whole capital as the strategy's figures are. */
  buyAndHold: AssetFigures;
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
  /** Mean price of its opening fills, weighted by quantity (the venue's entry price of the position). */
  entryPrice: number;
  /** When the last closing fill filled. */
  exitTime: number;
  /** Mean price of its closing fills, weighted by quantity. */
  exitPrice: number;
  /** Quantity opened: the sum over its opening fills (the open and every increase). */
  quantity: number;
  leverage: number;
  /** Realised P&L before fees, over every closing fill. */
  pnl: number;
  /** Every fee of the position's fills, opening and closing. */
  fees: number;
  /** Margin opening and rollover fees, or funding, charged to the position. */
  financing: number;
  /** pnl - fees - financing. */
  net: number;
  exitReason: FillEffect;
  /** Sum of quantity x price over its opening fills. */
  entryNotional: number;
  /** Sum of quantity x price over its closing fills. */
  exitNotional: number;
}
