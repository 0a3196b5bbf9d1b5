import path from 'node:path';
import cliProgress from 'cli-progress';
import { Option, type Command } from 'commander';
import { TIMEFRAMES, type Timeframe } from '../../domain/timeframe.js';
import { formatRowProblem, importCandleFile, ROW_PROBLEM_LABELS, utcText, type ImportSummary, type RowProblemKind } from '../../data/csv/index.js';
import type { SeriesSummary } from '../../store/candleRepository.js';
import type { CliContext } from '../context.js';
import { parseSource, parseSymbol, parseTimeframe } from '../options.js';

const PROGRESS_MIN_BYTES = 1 << 20;

interface ImportOptions {
  symbol: string;
  timeframe: Timeframe;
  format: 'auto' | 'csv' | 'kraken';
  skipBad?: boolean;
  source?: string;
  replace?: boolean;
  json?: boolean;
}

const n = (x: number) => x.toLocaleString('en-US');
const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

function kindCounts(byKind: Partial<Record<RowProblemKind, number>>): string {
  return Object.entries(byKind)
    .map(([k, c]) => `${n(c)} ${ROW_PROBLEM_LABELS[k as RowProblemKind]}`)
    .join(', ');
}

/** What became of the series the bars went into. */
function seriesLine(s: ImportSummary): string | undefined {
  if (s.replaced)
    return `replaced the ${s.symbol} ${s.timeframe} series (${n(s.replaced.bars)} bars from ${s.replaced.source ?? 'nowhere'}) with bars from ${s.source}`;
  if (s.series === 'adopted')
    return `the stored ${s.symbol} ${s.timeframe} bars had no recorded source (stored before bot kept one); they are now recorded as ${s.source}`;
  return undefined;
}

function render(s: ImportSummary, stored: SeriesSummary): string {
  const lines = [
    `imported ${n(s.imported)} ${s.symbol} ${s.timeframe} bars from ${s.file} (format ${s.format}, source ${s.source})`,
    `rows read ${n(s.rowsRead)}, imported ${n(s.imported)}, skipped ${n(s.skipped)}${s.skipped ? ` (${kindCounts(s.skippedByKind)})` : ''}`,
  ];
  if (s.first !== null && s.last !== null) lines.push(`first bar ${utcText(s.first)} UTC, last bar ${utcText(s.last)} UTC`);
  const series = seriesLine(s);
  if (series) lines.push(series);
  if (stored.first !== null && stored.last !== null) {
    lines.push(`the store now holds ${n(stored.count)} ${s.symbol} ${s.timeframe} bars, ${utcText(stored.first)} .. ${utcText(stored.last)} UTC`);
  }
  return lines.join('\n');
}

export function registerDataImport(data: Command, ctx: CliContext): void {
  data
    .command('import')
    .description('import candles from a CSV file into the store (all rows, or none unless --skip-bad)')
    .argument('<file>', 'the CSV file')
    .requiredOption('--symbol <symbol>', 'market the candles belong to, e.g. SOL/USD', parseSymbol)
    .requiredOption('--timeframe <tf>', `bar length: ${TIMEFRAMES.join(', ')}`, parseTimeframe)
    .addOption(
      new Option('--format <format>', 'csv: header timestamp,open,high,low,close,volume (epoch ms); kraken: Kraken OHLCVT export')
        .choices(['auto', 'csv', 'kraken'])
        .default('auto'),
    )
    .option('--skip-bad', 'skip bad rows (and count them) instead of refusing the file')
    .option('--source <name>', "where the bars come from, recorded with the series, e.g. binance (default: the format's, csv or kraken-ohlcvt)", parseSource)
    .option('--replace', 'replace the whole stored series (any source) with this file, in one transaction')
    .option('--json', 'print the summary as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  bot data import SOL-USDT_1h.csv --symbol SOL/USD --timeframe 1h --source binance\n  bot data import XBTUSD_60.csv --symbol BTC/USD --timeframe 1h --format kraken --skip-bad\n  bot data import XBTUSD_60.csv --symbol BTC/USD --timeframe 1h --replace',
    )
    .action(async (file: string, opts: ImportOptions) => {
      const store = ctx.openStore();
      let progress: cliProgress.SingleBar | undefined;
      const onProgress = (done: number, total: number): void => {
        if (!ctx.io.interactive || total < PROGRESS_MIN_BYTES) return;
        if (!progress) {
          progress = new cliProgress.SingleBar(
            { format: `importing ${path.basename(file)} [{bar}] {percentage}% | ETA {eta}s`, stream: process.stderr, clearOnComplete: true },
            cliProgress.Presets.shades_classic,
          );
          progress.start(total, 0);
        }
        progress.update(done);
      };
      try {
        const summary = await importCandleFile(store, {
          file: path.resolve(ctx.io.cwd, file),
          label: file,
          symbol: opts.symbol,
          timeframe: opts.timeframe,
          format: opts.format,
          skipBad: opts.skipBad ?? false,
          ...(opts.source !== undefined && { source: opts.source }),
          replace: opts.replace ?? false,
          onProgress,
        });
        progress?.stop();
        progress = undefined;
        const stored = store.candles.summary(opts.symbol, opts.timeframe);
        if (opts.json) {
          ctx.io.out(
            JSON.stringify(
              {
                ...summary,
                first: iso(summary.first),
                last: iso(summary.last),
                stored: { count: stored.count, first: iso(stored.first), last: iso(stored.last) },
              },
              null,
              2,
            ),
          );
          return;
        }
        ctx.io.out(render(summary, stored));
        for (const p of summary.problems) ctx.io.err(`skipped ${formatRowProblem(file, p)}`);
        if (summary.skipped > summary.problems.length) ctx.io.err(`skipped … and ${n(summary.skipped - summary.problems.length)} more`);
      } finally {
        progress?.stop();
        store.close();
      }
    });
}
