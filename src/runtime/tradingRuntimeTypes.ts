import type { Symbol } from '../domain/bar.js';
import type { MarketInfo } from '../domain/market.js';
import type { Clock, MarketFeed, Venue } from '../domain/ports.js';
import type { Config } from '../config/schema.js';
import type { SeriesChoice } from '../data/venueSeries.js';
import type { Scorer } from '../ensemble/scorer.js';
import type { ReconcileReport, StopMode, TradingApi, TradingMarket } from '../execution/live/index.js';
import type { StepOutcome, TradingEngine } from '../execution/tradingEngine.js';
import type { KillSwitchSettings } from '../risk/killSwitch.js';
import type { CandleReader } from '../store/candleRepository.js';
import type { Store } from '../store/store.js';
import type { Epoch } from '../store/tradingRepository.js';
import type { LiveEpochPlan } from './liveEpoch.js';
import type { StartupRetry } from './startupRetry.js';

export type FeedKind = 'exchange' | 'replay';

/** sandbox: paper trading on the simulated venue; live: orders on the exchange account. */
export type TradingMode = 'sandbox' | 'live';

/** What live mode needs besides the market data connection: the account, and what to do with the epoch. */
export interface LiveAccountOptions {
  readonly api: TradingApi;
  readonly markets: ReadonlyMap<Symbol, TradingMarket>;
  /** Continue the live epoch or open one; decided (and confirmed by the user) before composing. */
  readonly plan: LiveEpochPlan;
  /** The currency cash is kept in ("USD"). */
  readonly quote: string;
  readonly stops?: StopMode;
}

export interface TradingRuntimeOptions {
  readonly config: Config;
  readonly store: Store;
  readonly feed: FeedKind;
  /** Replay: first bar to play (when the epoch has not played any yet). */
  readonly from?: number;
  /** Replay: bars opening at or after this are not played. */
  readonly to?: number;
  /** Replay: the candles to play, when not the store's (a backtest loads its bars once). */
  readonly candles?: CandleReader;
  /** Start a new epoch first, with this capital. */
  readonly resetCapital?: number;
  /** Exchange feed: the exchange adapter, built by the caller (it loads ccxt). */
  readonly exchange?: ExchangeConnection;
  /** Wall time, for epoch bookkeeping. */
  readonly now: number;
  /** Scorers per asset (production ensembles); assets not listed use the rule-based strategy. */
  readonly scorers?: ReadonlyMap<Symbol, Scorer>;
  /** Default sandbox. Live needs the exchange feed and `live`. */
  readonly mode?: TradingMode;
  readonly live?: LiveAccountOptions;
  /** false: the engine builds no decisions (a backtest, which stores none). */
  readonly keepDecisions?: boolean;
  /** The daemon's kill switch; backtests leave it out. */
  readonly killSwitch?: KillSwitchSettings;
  /** How the exchange's clock, the history and the live reconciliation are retried at start-up; default STARTUP_RETRY. */
  readonly startupRetry?: StartupRetry;
}

/** What the composition root needs from a connected exchange. */
export interface ExchangeConnection {
  readonly name: string;
  readonly markets: ReadonlyMap<Symbol, MarketInfo>;
  readonly feed: (symbols: readonly Symbol[], after: ReadonlyMap<Symbol, number>, clock: Clock) => MarketFeed;
  /** The exchange's clock, epoch ms: live mode keeps its clock in agreement with it. */
  readonly serverTime?: () => Promise<number>;
}

/** What live start-up found, for the daemon to report. */
export interface LiveRuntime {
  readonly report: ReconcileReport;
  readonly stopModes: ReadonlyMap<Symbol, StopMode>;
  /** The venue's last sync problem, if the books are behind the exchange (heartbeat). */
  readonly syncProblem: () => string | undefined;
  /** At a clean stop: book what the exchange did since the last step, so the store equals the account; marked at `marks`. */
  readonly settle: (marks: ReadonlyMap<Symbol, number>) => Promise<ReconcileReport>;
}

export interface TradingRuntime {
  readonly epoch: Epoch;
  readonly engine: TradingEngine;
  readonly feed: MarketFeed;
  readonly venue: Venue;
  readonly clock: Clock;
  /** Advances a replay's simulated clock; a no-op on the wall clock. */
  readonly onTime: (time: number) => void;
  readonly persist: (outcome: StepOutcome) => void;
  /** For the start-up line: what runs where. */
  readonly description: Record<string, unknown>;
  /** What the run should be warned of: a perpetual's prices stood in for by spot candles, funding without history. */
  readonly warnings: readonly string[];
  /** Per traded asset, the stored series a replay reads (a futures run may read the spot one as a stand-in). */
  readonly series: ReadonlyMap<Symbol, SeriesChoice>;
  /**
   * Hot reload between steps: these assets are scored by these scorers from the next bar on, once they
   * have observed the stored history up to the engine's cursors.
   */
  readonly swapScorers: (next: ReadonlyMap<Symbol, Scorer>) => void;
  readonly live?: LiveRuntime;
}
