import type { Command } from 'commander';
import type { ConfigOverride } from '../../config/load.js';
import { backtestAndReport } from '../../backtest/backtestRun.js';
import { comparisonText } from '../../backtest/report/index.js';
import type { WalkForwardComparison } from '../../backtest/walkForwardComparison.js';
import { UserError } from '../../internal/errors.js';
import { backendPreferenceFrom, selectBackend } from '../../models/backend.js';
import { walkForwardBacktest } from '../../optimize/walkForwardBacktest.js';
import type { CliContext } from '../context.js';
import type { VenueKind } from '../../config/schema.js';
import { parseDate, parseInteger, venueOption, venueOverride } from '../options.js';
import { comparisonLines } from '../walkForwardLines.js';

interface BacktestOptions {
  assets?: string[];
  from: number;
  to: number;
  walkForward?: boolean;
  folds?: number;
  quick?: boolean;
  json?: boolean;
  venue?: VenueKind;
}

export function registerBacktest(program: Command, ctx: CliContext): void {
  program
    .command('backtest')
    .description("replay stored candles through the daemon's own engine and write backtest_results/<run>/")
    .option('--assets <symbols...>', 'assets to trade (default: the config assets)')
    .addOption(venueOption())
    .requiredOption('--from <date>', 'first bar (YYYY-MM-DD, UTC)', parseDate)
    .requiredOption('--to <date>', 'stop before this date', parseDate)
    .option('--walk-forward', 'retrain the models for each fold on everything before it (purged, embargoed), trade the folds, and compare with the rule-based strategy')
    .option('--folds <n>', 'walk-forward folds (default: the config\'s optimize.folds)', parseInteger)
    .option('--quick', 'walk-forward with the tiny --quick model sizes')
    .option('--json', "print report.json's summary and per-asset figures (and the walk-forward's verdict)")
    .addHelpText(
      'after',
      '\nExamples:\n  bot backtest --assets BTC/USD ETH/USD SOL/USD --from 2024-01-01 --to 2025-06-30\n  bot backtest --assets BTC/USD ETH/USD SOL/USD --from 2022-01-01 --to 2025-06-30 --walk-forward --json\n' +
        '  bot backtest --venue kraken-futures --assets SOL/USD ETH/USD BTC/USD --from 2024-01-01 --to 2025-06-30',
    )
    .action(async (opts: BacktestOptions) => {
      if (!(opts.to > opts.from)) throw new UserError('--to must be after --from');
      if (opts.folds !== undefined && opts.folds < 1) throw new UserError(`--folds ${opts.folds} is not allowed: expected 1 or more`);
      const overrides: ConfigOverride[] = [...(opts.assets ? [{ path: ['assets'], value: opts.assets, flag: '--assets' }] : []), ...venueOverride(opts.venue)];
      const { config } = ctx.config(overrides);
      const home = ctx.preparedHome();
      const logger = ctx.logger.child('backtest');
      const store = ctx.openStore();
      try {
        const common = { config, store, from: opts.from, to: opts.to, logger, now: () => Date.now() };
        let result: Awaited<ReturnType<typeof backtestAndReport>>;
        let comparison: WalkForwardComparison | undefined;
        if (opts.walkForward) {
          await selectBackend(backendPreferenceFrom(ctx.io.env, config.models.backend));
          const wf = await walkForwardBacktest({ ...common, resultsDir: home.backtestResultsDir, quick: opts.quick ?? false, interactive: ctx.io.interactive, ...(opts.folds !== undefined && { folds: opts.folds }) });
          result = wf;
          comparison = wf.comparison;
        } else {
          result = await backtestAndReport({ ...common, modelsDir: home.modelsDir, resultsDir: home.backtestResultsDir });
        }
        const s = result.summary;
        if (opts.json) {
          ctx.io.out(JSON.stringify({ ...s, perAsset: result.report.perAsset, dir: result.dir, scoredBy: result.scoredBy, ...(comparison && { walkForward: comparison }) }, null, 2));
          return;
        }
        ctx.io.out(`backtest ${s.runId}: ${s.assets.join(', ')} ${s.from} .. ${s.to} on ${s.venue}`);
        for (const [asset, by] of Object.entries(result.scoredBy)) ctx.io.out(`  ${asset}: ${by}`);
        for (const w of s.warnings) ctx.io.out(`  note: ${w}`);
        if (s.venue === 'kraken-futures') ctx.io.out(`  funding paid ${s.fundingPaid.toFixed(2)}, received ${s.fundingReceived.toFixed(2)}; fees ${s.fees.toFixed(2)}`);
        ctx.io.out('');
        for (const line of comparisonText(result.report)) ctx.io.out(line ? `  ${line}` : line);
        ctx.io.out('');
        if (comparison) for (const line of comparisonLines(comparison)) ctx.io.out(`  ${line}`);
        ctx.io.out(`  fingerprint ${s.fingerprint}`);
        ctx.io.out(`  report ${result.dir}/report.html`);
      } finally {
        store.close();
      }
    });
}
