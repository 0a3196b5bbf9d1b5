import type { Symbol } from '../domain/bar.js';
import type { Clock } from '../domain/ports.js';
import { timeframeMs } from '../domain/timeframe.js';
import { standInNote } from '../data/venueSeries.js';
import type { Scorer } from '../ensemble/scorer.js';
import { engineSettingsFrom } from '../execution/engineSettingsFrom.js';
import { TradingEngine } from '../execution/tradingEngine.js';
import { killSwitchFromCurve } from '../risk/killSwitch.js';
import type { Epoch } from '../store/tradingRepository.js';
import { TrendScorer } from '../strategy/trendScorer.js';
import { SimulatedClock, wallClock } from './clocks.js';
import { ExchangeClock } from './exchangeClock.js';
import { exchangeOf, planFeed } from './feedPlan.js';
import { fundingWarnings } from './fundingSource.js';
import { leverageSummary } from './leverageSummary.js';
import { epochOfPlan } from './liveEpoch.js';
import { retryAtStartup, type StartupRetry } from './startupRetry.js';
import type { ExchangeConnection, LiveAccountOptions, TradingRuntime, TradingRuntimeOptions } from './tradingRuntimeTypes.js';
import { openVenue } from './venuePlan.js';

export { configuredMarkets } from './configuredMarkets.js';

export type {
  ExchangeConnection,
  FeedKind,
  LiveAccountOptions,
  LiveRuntime,
  TradingMode,
  TradingRuntime,
  TradingRuntimeOptions,
} from './tradingRuntimeTypes.js';

/**
 * The composition root of trading: config + mode -> clock, feed, venue, scorers, engine, persistence.
 * The mode is decided here, once; nothing downstream asks which one it is in.
 */
export async function composeTrading(o: TradingRuntimeOptions): Promise<TradingRuntime> {
  const { config, store } = o;
  const trading = store.trading;
  const live = o.mode === 'live' ? requireLive(o) : undefined;
  // Live: the wall clock, corrected by the exchange's where they disagree (its fills carry its times).
  const exchangeClock = live ? await syncedExchangeClock(exchangeOf(o), o.startupRetry) : undefined;

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
        ? trading.createEpoch(
            o.resetCapital ?? config.capital,
            o.now,
            o.resetCapital !== undefined ? 'reset by bot run --reset' : 'first run',
            config.venue.kind,
          )
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

/** Everything after the epoch is chosen: the venue on the epoch's books, the engine on its state, the feed from its cursors. */
async function composeOnEpoch(
  o: TradingRuntimeOptions,
  epoch: Epoch,
  live: LiveAccountOptions | undefined,
  exchangeClock: ExchangeClock | undefined,
): Promise<TradingRuntime> {
  const { config, store } = o;
  const tf = config.timeframe;
  const trading = store.trading;
  const { venue, markets, resumed, live: liveRuntime } = await openVenue(o, epoch, live, exchangeClock);

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
  const engine = new TradingEngine(venue, (s) => scorers.get(s) ?? rule, settings, {
    equityPeak: resumed.equityPeak,
    ...(settings.turnoverBudget && {
      turnover: trading.turnoverSince(epoch.id, latestTime(resumed.equityCurve) - settings.turnoverBudget.windowMs, settings.barMs),
    }),
    ...(o.killSwitch && { killSwitch: killSwitchFromCurve(resumed.equityCurve, o.killSwitch) }),
  });

  const simClock = new SimulatedClock();
  const clock: Clock = exchangeClock ?? (o.feed === 'replay' ? simClock : wallClock);
  const symbols = engine.symbols;
  const plan = await planFeed(o, symbols, resumed.cursors, Math.max(historyLength, rule.warmup), clock, exchangeClock);
  engine.seed(plan.history, plan.processed);
  if (o.feed === 'replay') simClock.advanceTo(plan.clockStart);

  const description: Record<string, unknown> = {
    mode: live ? 'LIVE (real orders on the exchange account)' : 'sandbox (paper: simulated fills, nothing sent to the exchange)',
    feed: o.feed === 'replay' ? 'replay of stored candles' : exchangeOf(o).name,
    venue: live ? `${exchangeOf(o).name} account` : `simulated ${config.venue.kind}`,
    epoch: epoch.id,
    cash: resumed.cash,
    assets: config.assets,
    timeframe: tf,
    scorer: Object.fromEntries(config.assets.map((s) => [s, scorers.get(s)?.name ?? rule.name])),
    leverage: leverageSummary(config, markets),
    resumed: resumed.cursors.size > 0,
    ...warmingUp(
      rule,
      config.assets.filter((a) => scorers.get(a) === rule),
      tf,
    ),
    ...(restored.length > 0 && { scorerStateRestored: restored }),
    ...(exchangeClock && exchangeClock.offsetMs !== 0 && { clockOffsetMs: exchangeClock.offsetMs }),
  };

  const replayed = o.feed === 'replay' ? config.assets.flatMap((a) => plan.series.get(a) ?? []) : [];
  // Live, funding is what the account settled (its account log): the stored history does not price it.
  const warnings =
    config.venue.kind === 'kraken-futures' && !live
      ? [...replayed.filter((c) => c.standIn).map(standInNote), ...fundingWarnings(config, store.funding, config.assets, o.to ?? Math.max(o.now, clock.now()))]
      : [];

  return {
    epoch,
    engine,
    feed: plan.feed,
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
    ...(liveRuntime && { live: liveRuntime }),
  };
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
