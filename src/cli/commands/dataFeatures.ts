import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { InvalidArgumentError, type Command } from 'commander';
import type { Bar, Symbol } from '../../domain/bar.js';
import type { Timeframe } from '../../domain/timeframe.js';
import { utcText } from '../../data/csv/utcText.js';
import { computeFeatures, computeLabels, csvLine, defaultFeatureSet, labelColumns } from '../../features/index.js';
import { UserError } from '../../internal/errors.js';
import type { CliContext } from '../context.js';
import { parseDate, parseSymbol, parseTimeframe } from '../options.js';

interface FeaturesOptions {
  symbol: Symbol;
  timeframe: Timeframe;
  to?: number;
  out: string;
  horizons: number[];
  /** The lead symbol, or false for --no-lead. */
  lead: Symbol | false;
}

/** Lines per write: big enough to keep the stream busy, small enough to keep memory flat. */
const CHUNK = 2_000;

function parseHorizons(value: string): number[] {
  const hs = value.split(',').map((s) => Number(s.trim()));
  if (hs.length === 0 || hs.some((h) => !Number.isInteger(h) || h < 1) || new Set(hs).size !== hs.length) {
    throw new InvalidArgumentError(`'${value}' is not a list of distinct whole numbers of bars >= 1, e.g. 6,24`);
  }
  return hs;
}

function noCandles(symbol: string, tf: string, to: number | undefined, why: string): UserError {
  return new UserError(`no ${symbol} ${tf} candles in the store${to === undefined ? '' : ` before ${utcText(to)} UTC`}${why}`, {
    hint: `run \`bot data import FILE --symbol ${symbol} --timeframe ${tf}\` or \`bot data download --assets ${symbol} --timeframe ${tf}\` first`,
  });
}

/** Write to FILE.tmp and rename at the end, so a failed run never leaves a half file under the real name. */
async function writeCsv(file: string, header: string, lines: (from: number, to: number) => string, rows: number): Promise<void> {
  const tmp = `${file}.tmp`;
  const out = fs.createWriteStream(tmp, { encoding: 'utf8' });
  try {
    out.write(`${header}\n`);
    for (let from = 0; from < rows; from += CHUNK) {
      if (!out.write(lines(from, Math.min(rows, from + CHUNK)))) await once(out, 'drain');
    }
    out.end();
    await finished(out);
    fs.renameSync(tmp, file);
  } catch (err) {
    out.destroy();
    fs.rmSync(tmp, { force: true });
    throw new UserError(`cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, {
      hint: 'check that the folder exists and is writable',
    });
  }
}

export function registerDataFeatures(data: Command, ctx: CliContext): void {
  data
    .command('features')
    .description('write the features and labels of a stored series to CSV, one row per bar (empty cells where a value does not exist)')
    .requiredOption('--symbol <symbol>', 'market, e.g. SOL/USD', parseSymbol)
    .requiredOption('--timeframe <tf>', 'bar length, e.g. 1h', parseTimeframe)
    .option('--to <date>', 'use only candles opening before this date (YYYY-MM-DD or ISO 8601, UTC), as if it were now', parseDate)
    .requiredOption('--out <file>', 'CSV file to write')
    .option('--horizons <bars>', 'label horizons in bars, comma-separated', parseHorizons, [6, 24])
    .option('--lead <symbol>', 'market whose returns are lead features (read from the store, same timeframe)', parseSymbol, 'BTC/USD')
    .option('--no-lead', 'no lead features')
    .addHelpText('after', '\nExample:\n  bot data features --symbol SOL/USD --timeframe 1h --to 2024-01-01 --out sol-features.csv')
    .action(async (opts: FeaturesOptions) => {
      const { symbol, timeframe, to } = opts;
      const file = path.resolve(ctx.io.cwd, opts.out);
      const dir = path.dirname(file);
      if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
        throw new UserError(`--out ${opts.out}: folder ${dir} does not exist`, { hint: 'create it first, or write somewhere else' });
      }
      if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw new UserError(`--out ${opts.out} is a folder; give a file name`);
      const { config } = ctx.config();
      if (!fs.existsSync(ctx.home.database)) throw noCandles(symbol, timeframe, to, '');
      const store = ctx.openStore({ readonly: true });
      let bars: Bar[];
      let leadBars: Bar[] | undefined;
      try {
        bars = store.candles.range(symbol, timeframe, 0, to);
        if (bars.length === 0) throw noCandles(symbol, timeframe, to, '');
        if (opts.lead !== false && opts.lead !== symbol) {
          leadBars = store.candles.range(opts.lead, timeframe, 0, to);
          if (leadBars.length === 0) throw noCandles(opts.lead, timeframe, to, ` (needed for the lead features; or pass --no-lead)`);
        }
      } finally {
        store.close();
      }
      const lead = opts.lead === false ? null : { symbol: opts.lead, prefix: (opts.lead.split('/')[0] ?? 'lead').toLowerCase() };
      const set = defaultFeatureSet({ lead });
      const matrix = computeFeatures(set, bars, { symbol, ...(leadBars && { lead: leadBars }) });
      const labels = labelColumns(computeLabels(bars, { horizons: opts.horizons, stopAtr: config.risk.stopAtr }));
      const labelValues = labels.map((l) => l.values);
      const header = ['timestamp', ...set.columns, ...labels.map((l) => l.name)].join(',');
      const w = matrix.width;
      await writeCsv(
        file,
        header,
        (from, until) => {
          let text = '';
          for (let i = from; i < until; i++) text += `${csvLine(matrix.times[i] as number, matrix.values, i * w, w, labelValues, i)}\n`;
          return text;
        },
        matrix.rows,
      );
      const complete =
        matrix.rows > set.warmup
          ? `features complete from row ${set.warmup + 1} (${utcText(matrix.times[set.warmup] as number)} UTC)`
          : 'no row has every feature yet';
      ctx.io.out(
        `wrote ${matrix.rows.toLocaleString('en-US')} rows of ${symbol} ${timeframe} (${utcText(bars[0]?.time ?? 0)} .. ${utcText(bars.at(-1)?.time ?? 0)} UTC) to ${file}: ` +
          `${set.columns.length} features, ${labels.length} labels; ${complete}; the last ${Math.max(...opts.horizons)} rows have no labels`,
      );
    });
}
