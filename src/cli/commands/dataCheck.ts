import fs from 'node:fs';
import type { Command } from 'commander';
import type { Bar, Symbol } from '../../domain/bar.js';
import type { Timeframe } from '../../domain/timeframe.js';
import { utcText } from '../../data/csv/utcText.js';
import { checkSeries, type SeriesReport } from '../../data/quality/index.js';
import { UserError } from '../../internal/errors.js';
import { UNKNOWN_SOURCE, type CandleRepository } from '../../store/candleRepository.js';
import type { CliContext } from '../context.js';
import type { VenueKind } from '../../config/schema.js';
import { perpetualSymbol } from '../../domain/perpetualSymbol.js';
import type { FundingSummary } from '../../store/fundingRateRepository.js';
import { parseDate, parseSymbol, parseTimeframe, venueOption } from '../options.js';

interface CheckOptions {
  symbol: Symbol;
  timeframe: Timeframe;
  from?: number;
  to?: number;
  json?: boolean;
  venue?: VenueKind;
}

const PAGE = 10_000;
const n = (x: number) => x.toLocaleString('en-US');
const iso = (t: number) => new Date(t).toISOString();
const isoOrNull = (t: number | null) => (t === null ? null : iso(t));

/** Stored bars with from <= time < to, oldest first, a page at a time so a long series never sits in memory. */
function* storedBars(candles: CandleRepository, symbol: Symbol, tf: Timeframe, from: number, to: number): Generator<Bar> {
  let after = from - 1;
  for (;;) {
    const page = candles.after(symbol, tf, after, PAGE);
    for (const bar of page) {
      if (bar.time >= to) return;
      yield bar;
    }
    const last = page.at(-1);
    if (!last || page.length < PAGE) return;
    after = last.time;
  }
}

function noData(symbol: string, tf: string, futures: boolean): UserError {
  if (futures) {
    return new UserError(`no ${perpetualSymbol(symbol)} ${tf} candles (${symbol}'s perpetual) in the store`, {
      hint: `run \`bot data download --venue kraken-futures --assets ${symbol} --timeframe ${tf} --since DATE\` first`,
    });
  }
  return new UserError(`no ${symbol} ${tf} candles in the store`, {
    hint: `run \`bot data import FILE --symbol ${symbol} --timeframe ${tf}\` or \`bot data download --assets ${symbol} --timeframe ${tf}\` first`,
  });
}

function toJson(symbol: Symbol, r: SeriesReport, source: string, funding: FundingSummary | undefined): Record<string, unknown> {
  return {
    symbol,
    ...(funding && { funding: { count: funding.count, first: isoOrNull(funding.first), last: isoOrNull(funding.last), source: funding.source } }),
    timeframe: r.timeframe,
    source,
    from: isoOrNull(r.from),
    to: isoOrNull(r.to),
    first: isoOrNull(r.first),
    last: isoOrNull(r.last),
    count: r.count,
    expected: r.expected,
    gaps: {
      count: r.gaps.count,
      missingBars: r.gaps.missingBars,
      largest: r.gaps.largest.map((g) => ({ from: iso(g.from), to: iso(g.to), missing: g.missing })),
    },
    misaligned: { count: r.misaligned.count, sample: r.misaligned.sample.map(iso) },
    zeroVolume: { count: r.zeroVolume.count, sample: r.zeroVolume.sample.map(iso) },
    ohlcViolations: {
      count: r.ohlcViolations.count,
      sample: r.ohlcViolations.sample.map((v) => ({ kind: v.kind, ...v.bar, time: iso(v.bar.time) })),
    },
  };
}

function sourceLine(source: string): string {
  const note = source === UNKNOWN_SOURCE ? ' (stored before bot recorded sources; the next import or download into it records one)' : '';
  return `source: ${source}${note}`;
}

function fundingLine(f: FundingSummary): string {
  return f.first === null || f.last === null
    ? 'funding: no rates stored'
    : `funding: ${n(f.count)} rates stored ${utcText(f.first)} .. ${utcText(f.last)} UTC, source ${f.source ?? UNKNOWN_SOURCE}`;
}

function render(symbol: Symbol, r: SeriesReport, source: string): string {
  const times = (ts: readonly number[], total: number) => `${ts.map(utcText).join(', ')}${total > ts.length ? `, … ${n(total - ts.length)} more` : ''}`;
  const share = r.expected > 0 ? ` (${((100 * r.count) / r.expected).toFixed(2)}%)` : '';
  const lines = [
    `${symbol} ${r.timeframe}: first bar ${utcText(r.first ?? 0)} UTC, last bar ${utcText(r.last ?? 0)} UTC`,
    `range ${utcText(r.from ?? 0)} .. ${utcText(r.to ?? 0)} UTC (end excluded): ${n(r.count)} bars of ${n(r.expected)} expected${share}`,
    sourceLine(source),
  ];
  if (r.gaps.count === 0) lines.push('gaps: none');
  else {
    lines.push(`gaps: ${n(r.gaps.count)}, ${n(r.gaps.missingBars)} bars missing; largest (first .. last missing bar):`);
    for (const g of r.gaps.largest) lines.push(`  ${String(n(g.missing)).padStart(7)} bars  ${utcText(g.from)} .. ${utcText(g.to)}`);
  }
  lines.push(
    r.misaligned.count === 0
      ? 'misaligned timestamps: none'
      : `misaligned timestamps: ${n(r.misaligned.count)} (not on a ${r.timeframe} boundary, so two bars may share a slot): ${times(r.misaligned.sample, r.misaligned.count)}`,
  );
  lines.push(
    r.zeroVolume.count === 0 ? 'zero-volume bars: none' : `zero-volume bars: ${n(r.zeroVolume.count)}: ${times(r.zeroVolume.sample, r.zeroVolume.count)}`,
  );
  if (r.ohlcViolations.count === 0) lines.push('OHLC violations: none');
  else {
    lines.push(`OHLC violations: ${n(r.ohlcViolations.count)}`);
    for (const v of r.ohlcViolations.sample) {
      const b = v.bar;
      lines.push(`  ${utcText(b.time)} ${v.kind}: open ${b.open} high ${b.high} low ${b.low} close ${b.close} volume ${b.volume}`);
    }
  }
  return lines.join('\n');
}

export function registerDataCheck(data: Command, ctx: CliContext): void {
  data
    .command('check')
    .description('check a stored series: its source, gaps, misaligned times, zero-volume bars, OHLC violations')
    .requiredOption('--symbol <symbol>', 'market, e.g. SOL/USD', parseSymbol)
    .requiredOption('--timeframe <tf>', 'bar length, e.g. 1h', parseTimeframe)
    .option('--from <date>', 'first bar to check (YYYY-MM-DD or ISO 8601, UTC); default: the first stored bar', parseDate)
    .option('--to <date>', 'check bars before this date; default: after the last stored bar', parseDate)
    .option('--json', 'print the report as JSON')
    .addOption(venueOption())
    .addHelpText(
      'after',
      "\nExamples:\n  bot data check --symbol BTC/USD --timeframe 1h --from 2018-01-01 --to 2019-01-01\n  bot data check --symbol BTC/USD --timeframe 1h --venue kraken-futures   # the perpetual's series and funding",
    )
    .action((opts: CheckOptions) => {
      const { timeframe, from, to } = opts;
      // Futures: the perpetual's own series (BTC/USD:USD), never the spot one.
      const futures = opts.venue === 'kraken-futures';
      const symbol = futures ? perpetualSymbol(opts.symbol) : opts.symbol;
      if (from !== undefined && to !== undefined && from >= to) {
        throw new UserError(`--from ${iso(from)} is not before --to ${iso(to)}`, { hint: 'swap the dates, or widen the range' });
      }
      if (!fs.existsSync(ctx.home.database)) throw noData(opts.symbol, timeframe, futures);
      const store = ctx.openStore({ readonly: true });
      try {
        const stored = store.candles.summary(symbol, timeframe);
        if (stored.count === 0 || stored.first === null || stored.last === null) throw noData(opts.symbol, timeframe, futures);
        const bars = storedBars(store.candles, symbol, timeframe, from ?? stored.first, to ?? stored.last + 1);
        const report = checkSeries(bars, { timeframe, ...(from !== undefined && { from }), ...(to !== undefined && { to }) });
        if (report.count === 0) {
          throw new UserError(
            `no ${symbol} ${timeframe} candles from ${utcText(from ?? stored.first)} to ${utcText(to ?? stored.last)}; the store holds ${utcText(stored.first)} .. ${utcText(stored.last)} UTC`,
            { hint: 'choose --from/--to within that span, or import or download the missing period' },
          );
        }
        const source = store.candles.sourceOf(symbol, timeframe) ?? UNKNOWN_SOURCE;
        const funding = futures ? store.funding.summary(symbol) : undefined;
        ctx.io.out(
          opts.json
            ? JSON.stringify(toJson(symbol, report, source, funding), null, 2)
            : [render(symbol, report, source), ...(funding ? [fundingLine(funding)] : [])].join('\n'),
        );
      } finally {
        store.close();
      }
    });
}
