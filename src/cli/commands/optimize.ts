import { Option, type Command } from 'commander';
import { UserError } from '../../internal/errors.js';
import type { TuneMethod } from '../../models/tuning/tune.js';
import { parseInteger } from '../options.js';
import type { ConfigOverride } from '../../config/load.js';
import { backendPreferenceFrom, selectBackend } from '../../models/backend.js';
import { optimizeAsset, type OptimizeOutcome } from '../../runtime/optimize/optimizeAsset.js';
import type { Logger } from '../../internal/logger.js';
import type { Config } from '../../config/schema.js';
import type { CliContext } from '../context.js';
import { notifyPromotions } from '../../notify/promotionNotices.js';

interface OptimizeOptions {
  assets?: string[];
  quick?: boolean;
  json?: boolean;
  tune?: TuneMethod;
  budget: number;
}

const f = (x: number | null | undefined, digits = 4) => (x === null || x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(digits));
const pct = (x: number | null | undefined) => (x === null || x === undefined ? '-' : `${(x * 100).toFixed(2)}%`);

/** Run the optimize pipeline for every asset of `config`; used by `bot optimize` and `bot run --optimize`. */
export async function optimizeAll(
  ctx: CliContext,
  config: Config,
  quick: boolean,
  logger: Logger,
  tuning?: { method: TuneMethod; budget: number },
): Promise<{ backend: string; outcomes: OptimizeOutcome[] }> {
  const home = ctx.preparedHome();
  const backend = await selectBackend(backendPreferenceFrom(ctx.io.env, config.models.backend), {
    onFallback: (skipped, reason) => logger.info('tensorflow backend not available', { backend: skipped, reason }),
  });
  logger.info('training backend', { backend });
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  const store = ctx.openStore();
  const outcomes: OptimizeOutcome[] = [];
  try {
    for (const asset of config.assets) {
      outcomes.push(
        await optimizeAsset(asset, {
          config,
          store,
          home,
          logger,
          backend,
          quick,
          interactive: ctx.io.interactive,
          now: () => Date.now(),
          signal: stop.signal,
          ...(tuning && { tune: tuning }),
        }),
      );
    }
  } finally {
    process.off('SIGINT', onSignal);
    store.close();
  }
  const promoted = outcomes.filter((o) => o.promotion.promote).map((o) => ({ asset: o.asset, candidate: o.ensemble.id, reason: o.promotion.reason }));
  await notifyPromotions(config.notify, ctx.io.env, logger, promoted);
  return { backend, outcomes };
}

export function registerOptimize(program: Command, ctx: CliContext): void {
  program
    .command('optimize')
    .description('per asset: prepare data, train every model kind, fit the ensemble, walk-forward backtest, promote if better')
    .option('--assets <symbols...>', 'assets to optimize (default: the config assets)')
    .option('--quick', 'tiny models and a short window: a smoke run in a minute or two')
    .addOption(new Option('--tune <method>', 'search model sizes and learning rate on validation loss first').choices(['random', 'halving']))
    .option('--budget <n>', 'candidates per model kind for --tune', parseInteger, 8)
    .option('--json', 'print a JSON summary')
    .addHelpText('after', '\nExamples:\n  bot optimize --assets SOL/USD\n  bot optimize --assets SOL/USD ETH/USD --quick\n  bot optimize --assets SOL/USD --tune halving --budget 8')
    .action(async (opts: OptimizeOptions) => {
      const overrides: ConfigOverride[] = opts.assets ? [{ path: ['assets'], value: opts.assets, flag: '--assets' }] : [];
      const { config } = ctx.config(overrides);
      if (opts.budget < 1) throw new UserError(`--budget ${opts.budget} is not allowed: expected 1 or more`);
      const { backend, outcomes } = await optimizeAll(ctx, config, opts.quick ?? false, ctx.logger.child('optimize'), opts.tune ? { method: opts.tune, budget: opts.budget } : undefined);
      if (opts.json) {
        ctx.io.out(JSON.stringify({ backend, assets: outcomes.map((o) => ({ ...o, backtest: { dir: o.backtest.dir, summary: o.backtest.summary } })) }, null, 2));
        return;
      }
      ctx.io.out(`tensorflow backend: ${backend}`);
      for (const o of outcomes) {
        ctx.io.out(`${o.asset}`);
        for (const m of o.members) {
          ctx.io.out(`  ${m.id.padEnd(26)} test auc ${f(m.metrics['test.auc'])}  log loss ${f(m.metrics['test.logLoss'])}`);
        }
        const e = o.ensemble.metrics;
        ctx.io.out(`  ${o.ensemble.id.padEnd(26)} test auc ${f(e['test.auc'])}  log loss ${f(e['test.logLoss'])}  (${o.ensemble.method}, trades from confidence ${o.ensemble.minConfidence})`);
        ctx.io.out(`  baselines on the same block: logistic auc ${f(e['baseline.logistic.test.auc'])}, fallback auc ${f(e['baseline.fallback.test.auc'])}, majority log loss ${f(e['baseline.majority.test.logLoss'])}`);
        const s = o.backtest.summary;
        ctx.io.out(`  walk-forward backtest ${pct(s.totalReturn)} (buy & hold ${pct(s.buyAndHold.totalReturn)}), sharpe ${f(s.sharpe, 2)}, max drawdown ${pct(s.maxDrawdown)}, ${s.trades} trades: ${o.backtest.dir}`);
        ctx.io.out(`  ${o.promotion.promote ? 'PROMOTED' : 'kept production'}: ${o.promotion.reason}`);
      }
    });
}
