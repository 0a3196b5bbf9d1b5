import { Option, type Command } from 'commander';
import { UserError } from '../../internal/errors.js';
import { Shutdown } from '../../internal/shutdown.js';
import type { TuneMethod } from '../../models/tuning/tune.js';
import { parseInteger } from '../options.js';
import type { ConfigOverride } from '../../config/load.js';
import { backendPreferenceFrom, selectBackend } from '../../models/backend.js';
import { optimizePool, type OptimizeOutcome } from '../../optimize/optimizePool.js';
import { chooseInferenceRuntime } from '../../runtime/inferenceRuntimeChoice.js';
import type { Logger } from '../../internal/logger.js';
import type { Config } from '../../config/schema.js';
import type { CliContext } from '../context.js';
import { comparisonLines } from '../walkForwardLines.js';
import { notifyPromotion } from '../../notify/promotionNotices.js';

interface OptimizeOptions {
  assets?: string[];
  dataTo?: number;
  trigger?: string;
  stopWithParent?: boolean;
  quick?: boolean;
  json?: boolean;
  tune?: TuneMethod;
  budget: number;
}

/** Run the optimize pipeline for the config's assets (one pool); used by `bot optimize` and `bot run --optimize`. */
export async function optimizeAll(
  ctx: CliContext,
  config: Config,
  quick: boolean,
  logger: Logger,
  tuning?: { method: TuneMethod; budget: number },
  run: { to?: number; trigger?: string } = {},
): Promise<{ backend: string; outcome: OptimizeOutcome; seconds: number }> {
  const started = performance.now();
  const home = ctx.preparedHome();
  const backend = await selectBackend(backendPreferenceFrom(ctx.io.env, config.models.backend), {
    onFallback: (skipped, reason) => logger.info('tensorflow backend not available', { backend: skipped, reason }),
  });
  logger.info('training backend', { backend });
  const runtime = await chooseInferenceRuntime(config, logger);
  const stop = new Shutdown();
  try {
    const store = ctx.openStore();
    stop.defer(() => store.close());
    const outcome = await optimizePool({
      config,
      store,
      home,
      logger,
      backend,
      runtime,
      quick,
      interactive: ctx.io.interactive,
      now: () => Date.now(),
      signal: stop.signal,
      ...(tuning && { tune: tuning }),
      ...(run.to !== undefined && { to: run.to }),
      ...(run.trigger !== undefined && { trigger: run.trigger }),
    });
    const seconds = (performance.now() - started) / 1000;
    if (outcome.promotion.promote)
      await notifyPromotion(config.notify, ctx.io.env, logger, { assets: outcome.pool, candidate: outcome.candidate.id, reason: outcome.promotion.reason });
    return { backend, outcome, seconds };
  } finally {
    await stop.close();
  }
}

export function registerOptimize(program: Command, ctx: CliContext): void {
  program
    .command('optimize')
    .description(
      'train the meta-labelling models on the pooled history of the assets, walk forward through the engine, promote only what beats the rule-based strategy',
    )
    .option('--assets <symbols...>', 'assets to optimize together (default: the config assets)')
    .option('--quick', 'tiny models, short folds: a smoke run in a minute or two')
    .addOption(new Option('--tune <method>', 'search model sizes and learning rate on validation loss first, in every fold').choices(['random', 'halving']))
    .option('--budget <n>', 'candidates per model kind for --tune', parseInteger, 8)
    .option('--json', 'print a JSON summary')
    // The daemon's retrains: train on bars before the feed's time, record who asked, die with the daemon.
    .addOption(new Option('--data-to <ms>', 'train on bars before this time (epoch ms)').argParser(parseInteger).hideHelp())
    .addOption(new Option('--trigger <text>', 'who or what asked, recorded with a change of production').hideHelp())
    .addOption(new Option('--stop-with-parent', 'exit when stdin closes (the daemon that started the run is gone)').hideHelp())
    .addHelpText(
      'after',
      '\nExamples:\n  bot optimize --assets BTC/USD ETH/USD SOL/USD\n  bot optimize --assets SOL/USD BTC/USD --quick\n  bot optimize --tune halving --budget 4',
    )
    .action(async (opts: OptimizeOptions) => {
      const overrides: ConfigOverride[] = opts.assets ? [{ path: ['assets'], value: opts.assets, flag: '--assets' }] : [];
      const { config } = ctx.config(overrides);
      if (opts.budget < 1) throw new UserError(`--budget ${opts.budget} is not allowed: expected 1 or more`);
      // A daemon killed (even with -9) closes this pipe: its retrain stops at once, as a crash would, and
      // leaves what a crash leaves (whole files and rows, or none).
      if (opts.stopWithParent) process.stdin.on('close', () => process.exit(70)).resume();
      const run = { ...(opts.dataTo !== undefined && { to: opts.dataTo }), ...(opts.trigger !== undefined && { trigger: opts.trigger }) };
      const {
        backend,
        outcome: o,
        seconds,
      } = await optimizeAll(
        ctx,
        config,
        opts.quick ?? false,
        ctx.logger.child('optimize'),
        opts.tune ? { method: opts.tune, budget: opts.budget } : undefined,
        run,
      );
      if (opts.json) {
        ctx.io.out(JSON.stringify({ backend, seconds: Math.round(seconds), ...o, report: { dir: o.report.dir, summary: o.report.summary } }, null, 2));
        return;
      }
      ctx.io.out(`tensorflow backend: ${backend}; ${Math.round(seconds)} s`);
      ctx.io.out(
        `pool ${o.pool.join(', ')}: candidate ${o.candidate.id} (horizon ${o.candidate.horizonBars} bars, ${o.candidate.method}, ${o.candidate.calibration} calibration, trades from confidence ${o.candidate.minConfidence})`,
      );
      for (const [k, f] of o.folds.entries()) {
        ctx.io.out(
          `  fold ${k + 1} ${f.from} .. ${f.to}: horizon ${f.horizonBars} bars (${f.horizonReason}), ${f.method}, ${f.calibration}, entry ${f.entryThreshold}, ${f.trainSamples} training / ${f.validationSamples} validation samples`,
        );
      }
      for (const line of comparisonLines(o.walkForward)) ctx.io.out(`  ${line}`);
      ctx.io.out(`  report ${o.report.dir}/report.html`);
      ctx.io.out(o.promotion.reason);
    });
}
