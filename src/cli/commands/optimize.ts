import type { Command } from 'commander';
import type { ConfigOverride } from '../../config/load.js';
import { backendPreferenceFrom, selectBackend } from '../../models/backend.js';
import { trainAsset } from '../../runtime/optimize/trainAsset.js';
import type { CliContext } from '../context.js';

interface OptimizeOptions {
  assets?: string[];
  quick?: boolean;
  json?: boolean;
}

export function registerOptimize(program: Command, ctx: CliContext): void {
  program
    .command('optimize')
    .description('prepare data, train every model kind per asset on purged walk-forward splits, evaluate beside baselines, save')
    .option('--assets <symbols...>', 'assets to optimize (default: the config assets)')
    .option('--quick', 'tiny models and a short window: a smoke run in a minute or two')
    .option('--json', 'print a JSON summary')
    .addHelpText('after', '\nExamples:\n  bot optimize --assets SOL/USD\n  bot optimize --assets SOL/USD ETH/USD --quick')
    .action(async (opts: OptimizeOptions) => {
      const overrides: ConfigOverride[] = opts.assets ? [{ path: ['assets'], value: opts.assets, flag: '--assets' }] : [];
      const { config } = ctx.config(overrides);
      const home = ctx.preparedHome();
      const logger = ctx.logger.child('optimize');
      const backend = await selectBackend(backendPreferenceFrom(ctx.io.env, config.models.backend), {
        onFallback: (skipped, reason) => logger.info('tensorflow backend not available', { backend: skipped, reason }),
      });
      logger.info('training backend', { backend });
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      const store = ctx.openStore();
      const summary: Record<string, unknown>[] = [];
      try {
        for (const asset of config.assets) {
          const trained = await trainAsset(asset, {
            config,
            store,
            modelsDir: home.modelsDir,
            logger,
            backend,
            quick: opts.quick ?? false,
            interactive: ctx.io.interactive,
            now: () => Date.now(),
            signal: stop.signal,
          });
          for (const m of trained.members) {
            m.member.model.dispose();
            summary.push({ id: m.version.id, status: m.version.status, ...pick(m.version.metrics) });
          }
        }
      } finally {
        process.off('SIGINT', onSignal);
        store.close();
      }
      if (opts.json) ctx.io.out(JSON.stringify({ backend, models: summary }, null, 2));
      else for (const s of summary) ctx.io.out(`${String(s['id'])}  ${String(s['status'])}  test auc ${fmt(s['test.auc'])}  logistic ${fmt(s['baseline.logistic.test.auc'])}  fallback ${fmt(s['baseline.fallback.test.auc'])}`);
    });
}

const KEYS = ['test.auc', 'test.accuracy', 'test.logLoss', 'test.brier', 'baseline.logistic.test.auc', 'baseline.fallback.test.auc', 'baseline.majority.test.logLoss'];
function pick(metrics: Readonly<Record<string, number | null>>): Record<string, number | null> {
  return Object.fromEntries(KEYS.map((k) => [k, metrics[k] ?? null]));
}
function fmt(x: unknown): string {
  return typeof x === 'number' ? x.toFixed(4) : '-';
}
