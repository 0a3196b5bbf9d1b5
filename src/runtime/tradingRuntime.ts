import type { Bar, Symbol } from '../domain/bar.js';
import type { MarketInfo } from '../domain/market.js';
import type { Clock, MarketFeed, Venue } from '../domain/ports.js';
import { timeframeMs } from '../domain/timeframe.js';
import type { Config } from '../config/schema.js';
import { ReplayFeed } from '../data/replayFeed.js';
import { seriesFor, standInNote, type SeriesChoice } from '../data/venueSeries.js';
import type { Scorer } from '../ensemble/scorer.js';
import type { ReconcileReport, StopMode, TradingApi, TradingMarket } from '../execution/live/index.js';
import { SimulatedVenue } from '../execution/simulatedVenue.js';
import { TrendScorer } from '../strategy/trendScorer.js';
import { engineSettingsFrom } from '../execution/engineSettingsFrom.js';
import { TradingEngine, type StepOutcome } from '../execution/tradingEngine.js';
import { UserError } from '../internal/errors.js';
import { killSwitchFromCurve, type KillSwitchSettings } from '../risk/killSwitch.js';
import type { CandleReader } from '../store/candleRepository.js';
import type { Store } from '../store/store.js';
import type { Epoch } from '../store/tradingRepository.js';
import { SimulatedClock, wallClock } from './clocks.js';
import { configuredMarkets } from './configuredMarkets.js';
import { fundingScheduleFrom, fundingWarnings } from './fundingSource.js';
import { leverageSummary } from './leverageSummary.js';

export { configuredMarkets } from './configuredMarkets.js';
import { ClockSyncedFeed, ExchangeClock } from './exchangeClock.js';
import { epochOfPlan, type LiveEpochPlan } from './liveEpoch.js';
import { retryAtStartup, type StartupRetry } from './startupRetry.js';

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

/**
 * The composition root of trading: config + mode -> clock, feed, venue, scorers, engine, persistence.
 * The mode is decided here, once; nothing downstream asks which one it is in.
 */
export async function composeTrading(o: TradingRuntimeOptions): Promise<TradingRuntime> {
  const { config, store } = o;
  const trading = store.trading;
  const live = o.mode === 'live' ? requireLive(o) : undefined;
  // Live: the wall clock, corrected by the exchange's where they disagree (its fills carry its times).
  const exchangeClock = live ? await syncedExchangeClock(requireExchange(o), o.startupRetry) : undefined;

  let epoch: Epoch;
  let created: boolean;
  if (live && exchangeClock) {
    created = live.plan.kind === 'new';
    epoch = epochOfPlan(store, live.plan, live.quote, exchangeClock.now());
  } else {
    // A paper portfolio stays on the venue it started on: a futures run never continues a spot epoch.
    const paper = store.latestEpoch('paper', config.venue.kind);
    created = o.resetCapital !== undefined || !paper;
    epoch =
      created || !paper
        ? trading.createEpoch(o.resetCapital ?? config.capital, o.now, o.resetCapital !== undefined ? 'reset by bot run --reset' : 'first run', config.venue.kind)
        : paper;
  }
  try {
    return await composeOnEpoch(o, epoch, live, exchangeClock);
  } catch (err) {
    // A start that failed (no candles, no network, an unknown asset) leaves no empty epoch behind: the
    // next start, with --capital, must still be a first run.
    if (created) trading.discardUnusedEpoch(epoch.id);
    throw err;
  }
}

/** Everything after the epoch is chosen: the venue, the engine on its state, the feed from its cursors. */
async function composeOnEpoch(o: TradingRuntimeOptions, epoch: Epoch, live: LiveAccountOptions | undefined, exchangeClock: ExchangeClock | undefined): Promise<TradingRuntime> {
  const { config, store } = o;
  const tf = config.timeframe;
  const trading = store.trading;

  const futures = config.venue.kind === 'kraken-futures';
  const markets: ReadonlyMap<Symbol, MarketInfo> = live ? live.markets : o.feed === 'exchange' ? requireExchange(o).markets : configuredMarkets(config);
  for (const symbol of config.assets) {
    if (!markets.has(symbol)) {
      const known = [...markets.keys()].join(', ');
      throw new UserError(`unknown asset ${symbol}: the ${o.feed === 'exchange' ? 'exchange' : 'simulated venue'} has no such market (known: ${known})`, {
        hint: o.feed === 'exchange' ? 'check the symbol on the exchange' : `add venue.${futures ? 'futures.' : ''}markets.${symbol} to the config`,
      });
    }
  }

  // Loaded only here: the live venue's modules load ccxt, which paper runs and backtests never need.
  const liveSetup = live && exchangeClock ? await import('./liveVenueSetup.js') : undefined;
  const setup =
    live && exchangeClock
      ? { config, store, epoch, api: live.api, markets: live.markets, clock: exchangeClock, barMs: timeframeMs(tf), quote: live.quote, ...(live.stops && { stops: live.stops }) }
      : undefined;
  const opened =
    liveSetup && setup
      ? {
          ...(await retryAtStartup('reconciling with the account', () => liveSetup.openReconciledVenue(setup), o.startupRetry)),
          settle: (marks: ReadonlyMap<Symbol, number>) => liveSetup.settleWithExchange(setup, marks),
        }
      : undefined;
  // Where each symbol stands: the epoch's cursor, else the replay's start, else the exchange's latest bar.
  const resumed = trading.epochState(epoch.id, tf);
  const stored = resumed.cursors;
  const venue: Venue =
    opened?.venue ??
    new SimulatedVenue({
      markets,
      fees: config.fees,
      slippageBps: config.slippageBps,
      maintenanceMarginRate: config.risk.maintenanceMarginRate,
      state: { cash: resumed.cash, positions: resumed.positions, openOrders: resumed.openOrders },
      // Spot margin pays opening and rollover fees; a perpetual pays or earns funding instead.
      ...(futures ? { funding: fundingScheduleFrom(config, store.funding) } : { financing: config.venue.financing }),
      barMs: timeframeMs(tf),
      lastBars: stored,
    });

  const rule = new TrendScorer(timeframeMs(tf), config.strategy);
  const scorers = new Map<Symbol, Scorer>(config.assets.map((s) => [s, o.scorers?.get(s) ?? rule]));
  // The rule-based strategy keeps its own streaming state: the engine's history serves the ensembles.
  const historyLength = config.scorer.window;
  // What the scorers learned before a restart (adaptive weights), if they are still the same scorers.
  const restored: Symbol[] = [];
  for (const [symbol, saved] of resumed.scorerStates) {
    const scorer = scorers.get(symbol);
    if (scorer?.restore && scorer.name === saved.scorer && scorer.restore(saved.state)) restored.push(symbol);
  }
  const settings = engineSettingsFrom(config, {
    historyLength,
    orderIdPrefix: `e${epoch.id}`,
    ...(o.killSwitch && { killSwitch: o.killSwitch }),
    ...(o.keepDecisions !== undefined && { keepDecisions: o.keepDecisions }),
  });
  const engine = new TradingEngine(
    venue,
    (s) => scorers.get(s) ?? rule,
    settings,
    {
      equityPeak: resumed.equityPeak,
      ...(settings.turnoverBudget && {
        turnover: trading.turnoverSince(epoch.id, latestTime(resumed.equityCurve) - settings.turnoverBudget.windowMs, settings.barMs),
      }),
      ...(o.killSwitch && { killSwitch: killSwitchFromCurve(resumed.equityCurve, o.killSwitch) }),
    },
  );

  const simClock = new SimulatedClock();
  const clock: Clock = exchangeClock ?? (o.feed === 'replay' ? simClock : wallClock);
  const symbols = engine.symbols;
  // A replay reads each symbol's series for the venue (a futures run: the perpetual's, or the spot one standing in).
  const candles: CandleReader = o.candles ?? store.candles;
  const series = new Map(symbols.map((s) => [s, seriesFor(candles, config.venue.kind, s, tf)]));
  const seriesOf = (s: Symbol): string => series.get(s)?.series ?? s;
  const seedFeed: MarketFeed =
    o.feed === 'replay' ? new ReplayFeed(candles, symbols, tf, new Map(), o.to, seriesOf) : requireExchange(o).feed(symbols, new Map(), clock);
  const starts = new Map<Symbol, number>();
  for (const symbol of config.assets) {
    const cursor = stored.get(symbol);
    starts.set(symbol, cursor !== undefined ? cursor + 1 : o.feed === 'replay' ? replayStart(o, symbol, seriesOf(symbol), Math.max(historyLength, rule.warmup)) : clock.now());
  }
  const firstStart = Math.min(...starts.values());
  // Everything from the first stored bar: streaming state (regimes, features) is then the same after a restart.
  const history = new Map<Symbol, Bar[]>();
  const processed = new Map<Symbol, number>();
  const after = new Map<Symbol, number>();
  for (const symbol of symbols) {
    const cursor = stored.get(symbol);
    const before = cursor !== undefined ? cursor + 1 : (starts.get(symbol) ?? firstStart);
    const bars = await retryAtStartup(`reading the ${symbol} history`, () => seedFeed.history(symbol, Number.MAX_SAFE_INTEGER, before), o.startupRetry);
    history.set(symbol, bars);
    const last = cursor ?? bars.at(-1)?.time;
    if (last !== undefined) processed.set(symbol, last);
    // Without history before the start, everything from the start on is new.
    after.set(symbol, last ?? before - 1);
  }
  engine.seed(history, processed);
  if (o.feed === 'replay') simClock.advanceTo(Math.max(...after.values()) + timeframeMs(tf));
  const polled = o.feed === 'replay' ? new ReplayFeed(candles, symbols, tf, after, o.to, seriesOf) : requireExchange(o).feed(symbols, after, clock);
  const feed = exchangeClock ? new ClockSyncedFeed(polled, exchangeClock) : polled;

  const description: Record<string, unknown> = {
    mode: live ? 'LIVE (real orders on the exchange account)' : 'sandbox (paper: simulated fills, nothing sent to the exchange)',
    feed: o.feed === 'replay' ? 'replay of stored candles' : requireExchange(o).name,
    venue: live ? `${requireExchange(o).name} account` : `simulated ${config.venue.kind}`,
    epoch: epoch.id,
    cash: resumed.cash,
    assets: config.assets,
    timeframe: tf,
    scorer: Object.fromEntries(config.assets.map((s) => [s, scorers.get(s)?.name ?? rule.name])),
    leverage: leverageSummary(config, markets),
    resumed: stored.size > 0,
    ...warmingUp(rule, config.assets.filter((a) => scorers.get(a) === rule), tf),
    ...(restored.length > 0 && { scorerStateRestored: restored }),
    ...(exchangeClock && exchangeClock.offsetMs !== 0 && { clockOffsetMs: exchangeClock.offsetMs }),
  };

  const replayed = o.feed === 'replay' ? config.assets.flatMap((a) => series.get(a) ?? []) : [];
  const warnings = futures
    ? [...replayed.filter((c) => c.standIn).map(standInNote), ...fundingWarnings(config, store.funding, config.assets, o.to ?? Math.max(o.now, clock.now()))]
    : [];

  return {
    epoch,
    engine,
    feed,
    venue,
    clock,
    warnings,
    series: new Map(replayed.map((c) => [c.symbol, c])),
    onTime: (t) => simClock.advanceTo(t),
    persist: (outcome) =>
      trading.writeIteration({
        epochId: epoch.id,
        timeframe: tf,
        cash: outcome.cash,
        time: outcome.time,
        orders: outcome.orders,
        fills: outcome.fills,
        openPositions: outcome.openPositions,
        closedPositions: outcome.closedPositions,
        charges: outcome.charges,
        decisions: outcome.decisions,
        equity: outcome.equity,
        cursors: outcome.cursors,
        scorerStates: outcome.scorerStates,
      }),
    description,
    swapScorers: (next) => {
      for (const [symbol, scorer] of next) scorers.set(symbol, scorer);
      const history = new Map(symbols.map((s) => [s, store.candles.range(s, tf, 0, (engine.cursor(s) ?? -1) + 1)]));
      engine.adoptScorers([...new Set(next.values())], history);
    },
    ...(opened && {
      live: {
        report: opened.report,
        stopModes: new Map(config.assets.map((s) => [s, opened.venue.stopMode(s)])),
        syncProblem: () => opened.venue.syncProblem(),
        settle: opened.settle,
      },
    }),
  };
}

function requireExchange(o: TradingRuntimeOptions): ExchangeConnection {
  if (!o.exchange) throw new Error('composeTrading: the exchange feed needs an exchange connection');
  return o.exchange;
}

function requireLive(o: TradingRuntimeOptions): LiveAccountOptions {
  if (!o.live || o.feed !== 'exchange') throw new Error('composeTrading: live mode needs the exchange feed and the account');
  return o.live;
}

/** The exchange's clock must be read once at start-up (retried): the epoch and its fills are on its time. */
async function syncedExchangeClock(exchange: ExchangeConnection, retry: StartupRetry | undefined): Promise<ExchangeClock> {
  const serverTime = exchange.serverTime;
  if (!serverTime) throw new Error('composeTrading: live mode needs the exchange server time');
  const clock = new ExchangeClock({ serverTime });
  await retryAtStartup('reading the exchange clock', () => clock.sync(), retry);
  return clock;
}

/**
 * Assets whose rule-based strategy has not seen enough history to decide, and what to do about it: the daemon
 * trades them only once it has (Kraken serves only the last 720 bars; older history has to be imported).
 */
function warmingUp(rule: TrendScorer, assets: readonly Symbol[], tf: string): Record<string, unknown> {
  const waiting = assets.filter((a) => !rule.isReady(a));
  if (waiting.length === 0) return {};
  const need = Object.fromEntries(waiting.map((a) => [a, `${rule.barsSeen(a)} of ${rule.warmup} ${tf} bars`]));
  return {
    warmingUp: need,
    hint: `the rule-based strategy decides once it has ${rule.warmup} bars of history; import older candles of the same market (bot data import FILE --format kraken, Kraken's OHLCVT export) or download them (bot data download --since DATE)`,
  };
}

function latestTime(curve: readonly { readonly time: number }[]): number {
  return curve.at(-1)?.time ?? Number.NEGATIVE_INFINITY;
}

/** Where a fresh replay starts: --from, else as soon as the scorer has its history. */
function replayStart(o: TradingRuntimeOptions, symbol: Symbol, series: string, historyLength: number): number {
  const summary = (o.candles ?? o.store.candles).summary(series, o.config.timeframe);
  if (summary.count === 0 || summary.first === null || summary.last === null) {
    throw new UserError(`no ${symbol} ${o.config.timeframe} candles in the store to replay`, {
      hint: `import them (bot data import FILE --symbol ${symbol} --timeframe ${o.config.timeframe}) or download them (bot data download --assets ${symbol})`,
    });
  }
  if (o.from !== undefined) {
    if (o.from > summary.last) {
      throw new UserError(`--from ${new Date(o.from).toISOString()} is after the last stored ${symbol} bar (${new Date(summary.last).toISOString()})`);
    }
    return o.from;
  }
  return summary.first + historyLength * timeframeMs(o.config.timeframe);
}
