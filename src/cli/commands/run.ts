import { Option, type Command } from 'commander';
import type { ConfigOverride } from '../../config/load.js';
import type { Config } from '../../config/schema.js';
import { startMetrics } from '../../daemon/metricsObserver.js';
import { pruneOldDecisions } from '../../daemon/pruneDecisions.js';
import { settleAtStop } from '../../daemon/settleAtStop.js';
import { runLoop } from '../../daemon/runLoop.js';
import { refuseSeriesTheFeedCannotExtend, SPOT_SERIES } from '../../data/exchangeFeed.js';
import { PERPETUAL_SERIES } from '../../data/venueSeries.js';
import { fundingTotals, type FinancingCharge } from '../../domain/financing.js';
import { BotError, errorMessage, UserError } from '../../internal/errors.js';
import { notifierFromConfig } from '../../notify/notifierFromConfig.js';
import { daemonNotifications } from '../../notify/daemonNotifications.js';
import { observers } from '../../daemon/observers.js';
import { marketFormat } from '../marketPrecision.js';
import { Shutdown } from '../../internal/shutdown.js';
import { scrubError, type Logger } from '../../internal/logger.js';
import { wallSleep } from '../../runtime/clocks.js';
import { connectExchange, connectLiveTrading, requireSecureLiveUrl, type Credentials } from '../../runtime/exchangeConnection.js';
import { connectFuturesExchange, connectLiveFuturesTrading, futuresExchangeName } from '../../runtime/futuresConnection.js';
import { acquireHomeLock } from '../../runtime/homeLock.js';
import { planLiveEpoch, type LiveEpochPlan } from '../../runtime/liveEpoch.js';
import { retryAtStartup, startupRetry, type StartupRetry } from '../../runtime/startupRetry.js';
import { composeTrading, type FeedKind, type LiveAccountOptions, type TradingRuntime } from '../../runtime/tradingRuntime.js';
import { decisionPruner } from '../../store/decisionRetention.js';
import type { Store } from '../../store/store.js';
import type { CliContext } from '../context.js';
import { confirm, requireConfirmable } from '../confirm.js';
import { liveCredentials } from '../credentials.js';
import { liveSummary } from '../liveSummary.js';
import { optimizeAll } from './optimize.js';
import { readProductionEnsemble } from '../../runtime/ensemble/ensembleFiles.js';
import { productionScorers, type ProductionScorers } from '../../runtime/ensemble/productionScorers.js';
import { ModelReloader } from '../../runtime/ensemble/modelReloader.js';
import { chooseInferenceRuntime } from '../../runtime/inferenceRuntimeChoice.js';
import { ModelSupervisor } from '../../runtime/modelSupervisor.js';
import { RetrainScheduler } from '../../runtime/retrain/retrainScheduler.js';
import { syncProductionFiles } from '../../optimize/productionChange.js';
import { backendPreferenceFrom, selectBackend } from '../../models/backend.js';
import type { Timeframe } from '../../domain/timeframe.js';
import type { VenueKind } from '../../config/schema.js';
import { parseDate, parseInteger, parseNumber, parseTimeframe, venueOption, venueOverride } from '../options.js';
import { refuseFromOnResumedEpoch } from '../resumedReplayStart.js';

interface RunOptions {
  sandbox?: boolean;
  live?: boolean;
  demo?: boolean;
  yes?: boolean;
  assets?: string[];
  timeframe?: Timeframe;
  capital?: number;
  interval?: number;
  iterations?: number;
  reset?: boolean;
  optimize?: boolean;
  feed: FeedKind;
  from?: number;
  to?: number;
  metricsPort?: number;
  metricsHost: string;
  retryBudget: number;
  venue?: VenueKind;
}

/** The longest a stop waits for its last notifications to go out. */
const NOTIFY_GRACE_MS = 3000;

/** The live account's cash currency. */
const QUOTE = 'USD';

export function runOverrides(o: Pick<RunOptions, 'assets' | 'capital' | 'interval' | 'timeframe' | 'venue'>): ConfigOverride[] {
  const out: ConfigOverride[] = [...venueOverride(o.venue)];
  if (o.assets) out.push({ path: ['assets'], value: o.assets, flag: '--assets' });
  if (o.timeframe) out.push({ path: ['timeframe'], value: o.timeframe, flag: '--timeframe' });
  if (o.capital !== undefined) out.push({ path: ['capital'], value: o.capital, flag: '--capital' });
  if (o.interval !== undefined) out.push({ path: ['loop', 'intervalSeconds'], value: o.interval, flag: '--interval' });
  return out;
}

/** Flag combinations refused before anything is read, opened or sent. */
function checkFlags(opts: RunOptions): void {
  if (opts.iterations !== undefined && opts.iterations < 1) throw new UserError(`--iterations ${opts.iterations} is not allowed: expected 1 or more`);
  if ((opts.from !== undefined || opts.to !== undefined) && opts.feed !== 'replay') {
    throw new UserError('--from and --to need --feed replay', { hint: 'the exchange feed always trades the latest bars' });
  }
  if (opts.live && opts.sandbox)
    throw new UserError('--live and --sandbox cannot be used together', { hint: 'choose one: --sandbox trades on paper, --live on the exchange account' });
  if (opts.demo && !opts.live) {
    throw new UserError("--demo needs --live: it points the live futures venue at Kraken's demo exchange", {
      hint: 'rehearse live trading with bot run --live --demo --venue kraken-futures (demo keys in KRAKEN_FUTURES_API_KEY / KRAKEN_FUTURES_API_SECRET), or trade on paper with --sandbox',
    });
  }
  if (opts.live && opts.feed === 'replay') {
    throw new UserError("--live cannot trade a replay (--feed replay): live orders go out on the exchange's own market data", {
      hint: 'replay stored candles on paper with --sandbox --feed replay',
    });
  }
  if (opts.metricsPort !== undefined && (opts.metricsPort < 0 || opts.metricsPort > 65535)) {
    throw new UserError(`--metrics-port ${opts.metricsPort} is not allowed: expected a TCP port, 1 to 65535 (0 picks a free one)`);
  }
  if (!(opts.retryBudget >= 0)) throw new UserError(`--retry-budget ${opts.retryBudget} is not allowed: expected seconds, 0 or more`);
}

export function registerRun(program: Command, ctx: CliContext): void {
  program
    .command('run')
    .description('run the trading daemon (paper trading by default: real market data, simulated fills)')
    .option('--sandbox', 'paper trading: nothing is sent to the exchange (the default mode)')
    .option('--live', 'LIVE trading on the Kraken account: real orders (KRAKEN_API_KEY and KRAKEN_API_SECRET from the environment)')
    .option('--demo', "with --live on kraken-futures: trade on Kraken's demo futures exchange (demo-futures.kraken.com) with demo keys, no real money")
    .option('--yes', 'confirm live trading without the question (unattended runs)')
    .option('--assets <symbols...>', 'assets to trade, e.g. SOL/USD ETH/USD')
    .option('--timeframe <tf>', 'bar timeframe to trade on (default: the config timeframe, 1h)', parseTimeframe)
    .addOption(venueOption())
    .option('--capital <usd>', 'cash of a new portfolio epoch (first run or with --reset); live: the part of the USD balance to trade', parseNumber)
    .option('--interval <seconds>', 'pause between loop iterations; 0 = no pause', parseNumber)
    .option('--iterations <n>', 'stop after this many loop iterations', parseInteger)
    .option('--reset', 'start a new portfolio epoch first (history is kept)')
    .option('--optimize', 'run bot optimize for the assets before trading')
    .addOption(new Option('--feed <feed>', 'market data: the exchange, or a replay of stored candles').choices(['exchange', 'replay']).default('exchange'))
    .option('--from <date>', 'replay: first bar to play (YYYY-MM-DD, UTC); a portfolio that has played bars continues instead (--reset starts anew)', parseDate)
    .option('--to <date>', 'replay: stop before this date', parseDate)
    .option('--metrics-port <port>', 'serve Prometheus metrics on http://127.0.0.1:PORT/metrics', parseInteger)
    .option('--metrics-host <address>', 'the address --metrics-port listens on (0.0.0.0 in a container, for Prometheus beside it)', '127.0.0.1')
    .option(
      '--retry-budget <seconds>',
      'stop with exit code 75 when the exchange stays unreachable this long, at start-up or for market data',
      parseNumber,
      900,
    )
    .addHelpText(
      'after',
      '\nExit codes: 0 clean stop, 1 fatal (stop and look), 2 usage, 75 retryable (network or exchange down; try again later).\n' +
        '\nExamples:\n  bot run --sandbox\n  bot run --sandbox --feed replay --from 2024-01-01 --iterations 1500 --interval 0\n' +
        '  bot run --sandbox --venue kraken-futures\n  KRAKEN_API_KEY=... KRAKEN_API_SECRET=... bot run --live --metrics-port 9464\n' +
        '  KRAKEN_FUTURES_API_KEY=... KRAKEN_FUTURES_API_SECRET=... bot run --live --demo --venue kraken-futures',
    )
    .action(async (opts: RunOptions) => {
      try {
        await run(ctx, opts);
      } catch (err) {
        // The CLI prints the message outside the logger: scrub it here too.
        throw scrubError(err);
      }
    });
}

async function run(ctx: CliContext, opts: RunOptions): Promise<void> {
  checkFlags(opts);
  // The venue decides which keys a live run needs: the config first.
  const { config } = ctx.config(runOverrides(opts));
  const futures = config.venue.kind === 'kraken-futures';
  if (opts.demo && !futures) {
    throw new UserError(`--demo is for the kraken-futures venue: Kraken spot has no demo exchange (this run's venue is ${config.venue.kind})`, {
      hint: 'add --venue kraken-futures (or set venue.kind in the config), or rehearse spot on paper with --sandbox',
    });
  }
  const credentials = opts.live ? liveCredentials(ctx.io.env, futures ? (opts.demo ? 'kraken-futures-demo' : 'kraken-futures') : 'kraken-spot') : undefined;
  // A person answers only on a terminal; without one, --yes must say it in advance (a demo rehearsal risks no money).
  const interactive = ctx.io.interactive && process.stdin.isTTY === true;
  if (opts.live && !opts.demo) requireConfirmable(opts.yes === true, interactive, 'bot run --live');
  if (opts.live) {
    if (futures) requireSecureLiveUrl(config.exchange.futuresApiUrl, 'exchange.futuresApiUrl');
    else requireSecureLiveUrl(config.exchange.apiUrl);
  }
  const home = ctx.preparedHome();
  const logger = ctx.logger.child('daemon');
  // Before anything is opened: half a Telegram setup is refused, and the secrets are registered for redaction.
  const notifier = notifierFromConfig(config.notify, ctx.io.env, ctx.logger);
  if (opts.optimize) await optimizeAll(ctx, config, false, ctx.logger.child('optimize'));
  const stop = new Shutdown((sig) => logger.info('stopping after this iteration', { signal: sig }));
  // Registered first, so it runs last: what is queued (the stop, an error) may go out, within one delivery timeout at most.
  stop.defer(() => notifier.close(Math.min(config.notify.timeoutMs, NOTIFY_GRACE_MS)));
  try {
    const lock = acquireHomeLock(home.lockFile, 'bot run');
    stop.defer(() => lock.release());
    // Live: every commit synced to disk, so an order's intent survives a power cut.
    const store = ctx.openStore(opts.live ? { durability: 'full' } : undefined);
    stop.defer(() => store.close());
    // Before the exchange is asked anything (and before a live run is confirmed).
    if (opts.feed === 'exchange') {
      const symbols = [...config.assets, ...(config.marketLead ? [config.marketLead] : [])];
      refuseSeriesTheFeedCannotExtend(store.candles, symbols, config.timeframe, futures ? PERPETUAL_SERIES : SPOT_SERIES);
    }
    const retry = startupRetry(opts.retryBudget, logger);
    const demo = { demo: opts.demo === true };
    const connect = futures ? (c: Config, s: Store, l: Logger) => connectFuturesExchange(c, s, l, demo) : connectExchange;
    const exchange = opts.feed === 'exchange' ? await retryAtStartup('connecting to the exchange', () => connect(config, store, logger), retry) : undefined;
    const live = credentials ? await prepareLive(ctx, config, store, credentials, opts, interactive, logger, retry) : undefined;
    if (!live) {
      const existing = store.latestEpoch('paper', config.venue.kind);
      if (existing && opts.capital !== undefined && !opts.reset) {
        logger.warn('--capital applies to a new epoch only; continuing the current one (use --reset to start anew)', { epoch: existing.id });
      }
      if (existing && opts.from !== undefined && !opts.reset) refuseFromOnResumedEpoch(store, existing, config, opts.from);
    }
    let models: ProductionScorers | undefined;
    let reloader: ModelReloader | undefined;
    stop.defer(() => (reloader ? reloader.dispose() : models?.dispose()));
    // The registry's production history is the truth: files a crash left behind it are rewritten first.
    syncProductionFiles(
      store,
      home.modelsDir,
      config.assets.filter((a) => store.production.latest(a)),
    );
    let backend: Promise<string> | undefined;
    const prepareBackend = async () => {
      backend ??= selectBackend(backendPreferenceFrom(ctx.io.env, config.models.backend)).then((b) => {
        logger.info('tensorflow backend', { backend: b });
        return b;
      });
      await backend;
    };
    // Once, before any model is loaded: hot reloads later load theirs on the same runtime.
    const runtime = await chooseInferenceRuntime(config, logger);
    if (config.assets.some((a) => readProductionEnsemble(home.modelsDir, a))) {
      await prepareBackend();
      models = await productionScorers({ config, store, modelsDir: home.modelsDir, logger, mode: { kind: 'live' }, runtime });
    }
    const rt = await composeTrading({
      config,
      store,
      feed: opts.feed,
      ...(opts.from !== undefined && { from: opts.from }),
      ...(opts.to !== undefined && { to: opts.to }),
      ...(opts.reset && !live && { resetCapital: config.capital }),
      ...(exchange && { exchange }),
      ...(models && { scorers: models.scorers }),
      ...(live && { mode: 'live' as const, live }),
      killSwitch: config.risk.killSwitch,
      startupRetry: retry,
      now: Date.now(),
    });
    reloader = new ModelReloader({ config, store, modelsDir: home.modelsDir, logger, swapScorers: rt.swapScorers, prepare: prepareBackend, runtime }, models);
    if (rt.live) await logLiveStart(rt, config, logger);
    const shown = marketFormat(config);
    const startLine = {
      ...rt.description,
      cash: shown.cents(Number(rt.description['cash'] ?? 0)),
      home: home.root,
      intervalSeconds: config.loop.intervalSeconds,
    };
    logger.info('starting', startLine);
    for (const warning of rt.warnings) logger.warn(warning, {});
    const modeTag = live ? (opts.demo ? 'LIVE demo' : 'LIVE') : 'paper';
    notifier.notify({
      kind: 'start',
      time: Date.now(),
      text: `[bot ${modeTag}] started: epoch ${rt.epoch.id}, ${config.assets.join(' ')} on ${config.timeframe}, cash ${shown.money(Number(rt.description['cash'] ?? 0))}`,
      fields: startLine,
    });

    const loadedReloader = reloader;
    const modelNames = () => new Map(config.assets.map((s) => [s, loadedReloader.versions.get(s) ?? 'trend']));
    const metrics =
      opts.metricsPort === undefined
        ? undefined
        : await startMetrics({
            port: opts.metricsPort,
            host: opts.metricsHost,
            mode: live ? 'live' : 'sandbox',
            models: modelNames(),
            orderCounts: () => store.orderStatusCounts(rt.epoch.id),
            logger,
            shutdown: stop,
          });
    const observer = observers(
      metrics?.observer,
      notifier.enabled
        ? daemonNotifications({ notifier, mode: modeTag, dailySummaryHourUtc: config.notify.dailySummaryHourUtc, price: shown.price, amount: shown.amount })
        : undefined,
    );
    const r = config.models.retrain;
    let retrain: RetrainScheduler | undefined;
    if (r.every !== null || r.onDrift) {
      const scheduler = new RetrainScheduler({ config, store, home: home.root, logger, env: ctx.io.env, now: () => Date.now(), hold: opts.feed === 'replay' });
      stop.defer(() => scheduler.stop());
      retrain = scheduler;
    }
    const supervisor = new ModelSupervisor({
      config,
      store,
      modelsDir: home.modelsDir,
      logger,
      reloader,
      onDrift: (report, state) => metrics?.metrics.setDrift(report, state),
      onSwitch: () => metrics?.metrics.setModels(modelNames()),
      onStateChange: (c) =>
        notifier.notify({
          kind: 'drift',
          time: c.time,
          text: `[bot ${modeTag}] ${c.asset}: model ${c.model} drift ${c.from} → ${c.to} (${c.summary})`,
          fields: { ...c },
        }),
      ...(retrain && { retrain }),
    });
    const pruneDecisions = decisionPruner(store.trading, config.store.decisionRetentionDays);
    const summary = await runLoop({
      feed: rt.feed,
      engine: rt.engine,
      persist: (outcome) => {
        rt.persist(outcome);
        pruneOldDecisions(pruneDecisions, outcome.time, logger);
      },
      pause: wallSleep,
      intervalMs: config.loop.intervalSeconds * 1000,
      ...(opts.iterations !== undefined && { maxIterations: opts.iterations }),
      signal: stop.signal,
      logger,
      onTime: rt.onTime,
      retryBudgetMs: opts.retryBudget * 1000,
      account: () => rt.venue.account(),
      ...(rt.live && { syncProblem: rt.live.syncProblem }),
      ...(observer && { observer }),
      betweenSteps: (time) => supervisor.betweenSteps(time),
    });
    const equity = await settleAtStop(rt, config.assets, logger);
    logger.info('stopped', {
      reason: summary.reason,
      iterations: summary.iterations,
      decisions: summary.decisions,
      fills: summary.fills,
      cash: Number(equity.cash.toFixed(2)),
      equity: Number(equity.equity.toFixed(2)),
      ...fundingFields(config, store.trading.charges(rt.epoch.id)),
    });
    notifier.notify({
      kind: 'stop',
      time: Date.now(),
      text: `[bot ${modeTag}] stopped (${summary.reason}) after ${summary.iterations} iterations: equity ${shown.money(equity.equity)}, cash ${shown.money(equity.cash)}, ${summary.fills} fills`,
      fields: { ...summary, equity: equity.equity, cash: equity.cash },
    });
  } catch (err) {
    notifier.notify({
      kind: 'error',
      time: Date.now(),
      text: `[bot] STOPPED BY AN ERROR: ${errorMessage(scrubError(err))}`,
      fields: { exitCode: err instanceof BotError ? err.exitCode : 1 },
    });
    throw err;
  } finally {
    await stop.close();
  }
}

/** A perpetual epoch's funding over its life, for the stop line. */
function fundingFields(config: Config, charges: readonly FinancingCharge[]): Record<string, number> {
  if (config.venue.kind !== 'kraken-futures') return {};
  const f = fundingTotals(charges);
  return { fundingPaid: Number(f.paid.toFixed(2)), fundingReceived: Number(f.received.toFixed(2)) };
}

/**
 * Live start, up to the confirmation: connect to the account, decide the epoch, print what will be
 * traded (stdout) and have it confirmed. Nothing is written or sent before the confirmation.
 */
async function prepareLive(
  ctx: CliContext,
  config: Config,
  store: Store,
  credentials: Credentials,
  opts: RunOptions,
  interactive: boolean,
  logger: Logger,
  retry: StartupRetry,
): Promise<LiveAccountOptions> {
  const futures = config.venue.kind === 'kraken-futures';
  const demo = { demo: opts.demo === true };
  // Kraken Futures takes no nonce: only spot's key keeps one across restarts.
  const connect = futures
    ? () => connectLiveFuturesTrading(config, credentials, logger, demo)
    : () => connectLiveTrading(config, credentials, logger, store.nonces.forKey(credentials.apiKey));
  const account = await retryAtStartup('connecting to the account', connect, retry);
  const balance = await retryAtStartup('reading the balance', () => account.balance(QUOTE), retry);
  const plan: LiveEpochPlan = planLiveEpoch(store, {
    reset: opts.reset === true,
    balance,
    quote: QUOTE,
    venue: config.venue.kind,
    environment: opts.demo ? 'demo' : 'production',
    ...(opts.capital !== undefined && { capital: opts.capital }),
  });
  if (plan.kind === 'continue' && opts.capital !== undefined) {
    logger.warn('--capital applies to a new live epoch only; continuing the current one (use --reset to start anew)', { epoch: plan.epoch.id });
  }
  const exchange = futures ? futuresExchangeName(demo) : config.exchange.id;
  ctx.io.out(liveSummary({ exchange, config, plan, quote: QUOTE, markets: account.markets, stops: 'exchange', demo: demo.demo }));
  // The demo exchange holds no money: its rehearsal starts without the question.
  if (!demo.demo) await confirm('Trade live with real money?', opts.yes === true, { input: process.stdin, output: process.stderr, interactive });
  return { api: account.api, markets: account.markets, plan, quote: QUOTE, stops: 'exchange' };
}

async function logLiveStart(rt: TradingRuntime, config: Config, logger: Logger): Promise<void> {
  const live = rt.live;
  if (!live) return;
  const { describeReconciliation, describeStopModes } = await import('../../execution/live/index.js');
  logger.info(describeReconciliation(live.report), { epoch: rt.epoch.id, adopted: live.report.adopt.length, resolved: live.report.resolve.length });
  logger.info(describeStopModes(new Map(config.assets.map((s) => [s, live.stopModes.get(s) ?? 'daemon']))), {});
}
