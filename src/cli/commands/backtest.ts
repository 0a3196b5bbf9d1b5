import type { Command } from 'commander';
import type { ConfigOverride } from '../../config/load.js';
import { backtestAndReport } from '../../backtest/backtestRun.js';
import { comparisonText } from '../../backtest/report/index.js';
import type { WalkForwardComparison } from '../../backtest/walkForwardComparison.js';
import { UserError } from '../../internal/errors.js';
import { backendPreferenceFrom, selectBackend } from '../../models/backend.js';
import { walkForwardBacktest } from '../../optimize/walkForwardBacktest.js';
import { chooseInferenceRuntime } from '../../runtime/inferenceRuntimeChoice.js';
import type { CliContext } from '../context.js';
import { timeframeMs, type Timeframe } from '../../domain/timeframe.js';
import type { Store } from '../../store/store.js';
import type { VenueKind } from '../../config/schema.js';
import { parseDate, parseInteger, venueOption, venueOverride } from '../options.js';
import { comparisonLines } from '../walkForwardLines.js';

interface BacktestOptions {
  assets?: string[];
  from?: number;
  to?: number;
  walkForward?: boolean;
  folds?: number;
  quick?: boolean;
  json?: boolean;
  venue?: VenueKind;
}

export function registerBacktest(program: Command, ctx: CliContext): Command {
  return program
    .command('backtest')
    .description("replay stored candles through the daemon's own engine and write backtest_results/<run>/")
    .option('--assets <symbols...>', 'assets to trade (default: the config assets)')
    .addOption(venueOption())
    .option('--from <date>', 'first bar (YYYY-MM-DD, UTC); required', parseDate)
    .option('--to <date>', 'stop before this date (default: through the last stored bar)', parseDate)
    .option(
      '--walk-forward',
      'retrain the models for each fold on everything before it (purged, embargoed), trade the folds, and compare with the rule-based strategy',
    )
    .option('--folds <n>', "walk-forward folds (default: the config's optimize.folds)", parseInteger)
    .option('--quick', 'walk-forward with the tiny --quick model sizes')
    .option('--json', "print report.json's summary and per-asset figures (and the walk-forward's verdict)")
    .addHelpText(
      'after',
      '\nExamples:\n  bot backtest --assets BTC/USD ETH/USD SOL/USD --from 2024-01-01 --to 2025-06-30\n  bot backtest --assets BTC/USD ETH/USD SOL/USD --from 2022-01-01 --to 2025-06-30 --walk-forward --json\n' +
        '  bot backtest --venue kraken-futures --assets SOL/USD ETH/USD BTC/USD --from 2024-01-01 --to 2025-06-30',
    )
    .action(async (opts: BacktestOptions) => {
      // Checked here, not by commander: `backtest list` and `backtest compare` take no --from.
      const from = opts.from;
      if (from === undefined)
        throw new UserError("required option '--from <date>' not specified", {
          hint: 'e.g. bot backtest --from 2025-01-01 (--to defaults to the last stored bar)',
        });
      if (opts.to !== undefined && !(opts.to > from)) throw new UserError('--to must be after --from');
      if (opts.folds !== undefined && opts.folds < 1) throw new UserError(`--folds ${opts.folds} is not allowed: expected 1 or more`);
      const overrides: ConfigOverride[] = [...(opts.assets ? [{ path: ['assets'], value: opts.assets, flag: '--assets' }] : []), ...venueOverride(opts.venue)];
      const { config } = ctx.config(overrides);
      const home = ctx.preparedHome();
      const logger = ctx.logger.child('backtest');
      const store = ctx.openStore();
      try {
        const to = opts.to ?? afterLastStoredBar(store, config.assets, config.timeframe, from);
        const runtime = await chooseInferenceRuntime(config, logger);
        const common = { config, store, from, to, logger, runtime, now: () => Date.now() };
        let result: Awaited<ReturnType<typeof backtestAndReport>>;
        let comparison: WalkForwardComparison | undefined;
        if (opts.walkForward) {
          await selectBackend(backendPreferenceFrom(ctx.io.env, config.models.backend));
          const wf = await walkForwardBacktest({
            ...common,
            resultsDir: home.backtestResultsDir,
            quick: opts.quick ?? false,
            interactive: ctx.io.interactive,
            ...(opts.folds !== undefined && { folds: opts.folds }),
          });
          result = wf;
          comparison = wf.comparison;
        } else {
          result = await backtestAndReport({ ...common, modelsDir: home.modelsDir, resultsDir: home.backtestResultsDir });
        }
        const s = result.summary;
        if (opts.json) {
          ctx.io.out(
            JSON.stringify(
              { ...s, perAsset: result.report.perAsset, dir: result.dir, scoredBy: result.scoredBy, ...(comparison && { walkForward: comparison }) },
              null,
              2,
            ),
          );
          return;
        }
        ctx.io.out(`backtest ${s.runId}: ${s.assets.join(', ')} ${s.from} .. ${s.to} on ${s.venue}`);
        for (const [asset, by] of Object.entries(result.scoredBy)) ctx.io.out(`  ${asset}: ${by}`);
        for (const w of s.warnings) ctx.io.out(`  note: ${w}`);
        if (s.venue === 'kraken-futures')
          ctx.io.out(`  funding paid ${s.fundingPaid.toFixed(2)}, received ${s.fundingReceived.toFixed(2)}; fees ${s.fees.toFixed(2)}`);
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

/** The end of an open-ended backtest: just after the latest stored bar of its assets. */
function afterLastStoredBar(store: Store, assets: readonly string[], timeframe: Timeframe, from: number): number {
  const lasts = assets.map((a) => store.candles.summary(a, timeframe).last).filter((t): t is number => t !== null);
  if (lasts.length === 0) {
    throw new UserError(`no ${timeframe} candles of ${assets.join(', ')} in the store to backtest`, {
      hint: `import or download them first: bot data import FILE --symbol ${assets[0] ?? 'S'} --timeframe ${timeframe}`,
    });
  }
  const to = Math.max(...lasts) + timeframeMs(timeframe);
  if (!(to > from))
    throw new UserError(`--from ${new Date(from).toISOString()} is after the last stored bar (${new Date(to - timeframeMs(timeframe)).toISOString()})`, {
      hint: 'pick an earlier --from, or import newer candles',
    });
  return to;
}
