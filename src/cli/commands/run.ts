import { Option, type Command } from 'commander';
import type { ConfigOverride } from '../../config/load.js';
import { runLoop } from '../../daemon/runLoop.js';
import { UserError } from '../../internal/errors.js';
import { wallSleep } from '../../runtime/clocks.js';
import { connectExchange } from '../../runtime/exchangeConnection.js';
import { acquireHomeLock } from '../../runtime/homeLock.js';
import { composeTrading, type FeedKind } from '../../runtime/tradingRuntime.js';
import type { CliContext } from '../context.js';
import { optimizeAll } from './optimize.js';
import { readProductionEnsemble } from '../../runtime/ensemble/ensembleFiles.js';
import { productionScorers, type ProductionScorers } from '../../runtime/ensemble/productionScorers.js';
import { backendPreferenceFrom, selectBackend } from '../../models/backend.js';
import { parseDate, parseInteger, parseNumber } from '../options.js';

interface RunOptions {
  sandbox?: boolean;
  assets?: string[];
  capital?: number;
  interval?: number;
  iterations?: number;
  reset?: boolean;
  optimize?: boolean;
  feed: FeedKind;
  from?: number;
  to?: number;
}

export function runOverrides(o: Pick<RunOptions, 'assets' | 'capital' | 'interval'>): ConfigOverride[] {
  const out: ConfigOverride[] = [];
  if (o.assets) out.push({ path: ['assets'], value: o.assets, flag: '--assets' });
  if (o.capital !== undefined) out.push({ path: ['capital'], value: o.capital, flag: '--capital' });
  if (o.interval !== undefined) out.push({ path: ['loop', 'intervalSeconds'], value: o.interval, flag: '--interval' });
  return out;
}

export function registerRun(program: Command, ctx: CliContext): void {
  program
    .command('run')
    .description('run the trading daemon (paper trading by default: real market data, simulated fills)')
    .option('--sandbox', 'paper trading: nothing is sent to the exchange (the default mode)')
    .option('--assets <symbols...>', 'assets to trade, e.g. SOL/USD ETH/USD')
    .option('--capital <usd>', 'cash of a new portfolio epoch (first run or with --reset)', parseNumber)
    .option('--interval <seconds>', 'pause between loop iterations; 0 = no pause', parseNumber)
    .option('--iterations <n>', 'stop after this many loop iterations', parseInteger)
    .option('--reset', 'start a new portfolio epoch first (history is kept)')
    .option('--optimize', 'run bot optimize for the assets before trading')
    .addOption(new Option('--feed <feed>', 'market data: the exchange, or a replay of stored candles').choices(['exchange', 'replay']).default('exchange'))
    .option('--from <date>', 'replay: first bar to play (YYYY-MM-DD, UTC)', parseDate)
    .option('--to <date>', 'replay: stop before this date', parseDate)
    .addHelpText('after', '\nExamples:\n  bot run --sandbox\n  bot run --sandbox --feed replay --from 2024-01-01 --iterations 1500 --interval 0')
    .action(async (opts: RunOptions) => {
      if (opts.iterations !== undefined && opts.iterations < 1) throw new UserError(`--iterations ${opts.iterations} is not allowed: expected 1 or more`);
      if ((opts.from !== undefined || opts.to !== undefined) && opts.feed !== 'replay') {
        throw new UserError('--from and --to need --feed replay', { hint: 'the exchange feed always trades the latest bars' });
      }
      const { config } = ctx.config(runOverrides(opts));
      const home = ctx.preparedHome();
      const logger = ctx.logger.child('daemon');
      if (opts.optimize) await optimizeAll(ctx, config, false, ctx.logger.child('optimize'));
      const lock = acquireHomeLock(home.lockFile, 'bot run');
      const store = ctx.openStore();
      let models: ProductionScorers | undefined;
      const stop = new AbortController();
      const onSignal = (sig: NodeJS.Signals) => {
        if (stop.signal.aborted) return;
        logger.info('stopping after this iteration', { signal: sig });
        stop.abort();
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      try {
        const exchange = opts.feed === 'exchange' ? await connectExchange(config, store, logger) : undefined;
        const existing = store.trading.latestEpoch();
        if (existing && opts.capital !== undefined && !opts.reset) {
          logger.warn('--capital applies to a new epoch only; continuing the current one (use --reset to start anew)', {
            epoch: existing.id,
          });
        }
        if (config.assets.some((a) => readProductionEnsemble(home.modelsDir, a))) {
          const backend = await selectBackend(backendPreferenceFrom(ctx.io.env, config.models.backend));
          logger.info('tensorflow backend', { backend });
          models = await productionScorers({ config, store, modelsDir: home.modelsDir, logger, mode: { kind: 'live' } });
        }
        const rt = await composeTrading({
          config,
          store,
          feed: opts.feed,
          ...(opts.from !== undefined && { from: opts.from }),
          ...(opts.to !== undefined && { to: opts.to }),
          ...(opts.reset && { resetCapital: config.capital }),
          ...(exchange && { exchange }),
          ...(models && { scorers: models.scorers }),
          now: Date.now(),
        });
        logger.info('starting', { ...rt.description, home: home.root, intervalSeconds: config.loop.intervalSeconds });
        const summary = await runLoop({
          feed: rt.feed,
          engine: rt.engine,
          persist: rt.persist,
          pause: wallSleep,
          intervalMs: config.loop.intervalSeconds * 1000,
          ...(opts.iterations !== undefined && { maxIterations: opts.iterations }),
          signal: stop.signal,
          logger,
          onTime: rt.onTime,
        });
        const equity = rt.engine.equityAt(rt.clock.now());
        logger.info('stopped', {
          reason: summary.reason,
          iterations: summary.iterations,
          decisions: summary.decisions,
          fills: summary.fills,
          cash: Number(equity.cash.toFixed(2)),
          equity: Number(equity.equity.toFixed(2)),
        });
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        models?.dispose();
        store.close();
        lock.release();
      }
    });
}
