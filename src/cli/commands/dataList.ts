import type { Command } from 'commander';
import { utcText } from '../../data/csv/utcText.js';
import type { CliContext } from '../context.js';
import { textTable } from '../textTable.js';

const n = (x: number) => x.toLocaleString('en-US');

export function registerDataList(data: Command, ctx: CliContext): void {
  data
    .command('list')
    .description('stored candle series: symbol, timeframe, source, first and last bar, bars, gaps')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => {
      const store = ctx.readStore();
      try {
        const rows = store ? store.seriesListing() : [];
        if (opts.json) {
          const iso = (t: number) => new Date(t).toISOString();
          ctx.io.out(JSON.stringify({ series: rows.map((r) => ({ ...r, first: iso(r.first), last: iso(r.last) })) }, null, 2));
          return;
        }
        if (rows.length === 0) {
          ctx.io.out('no candles stored yet: bot data import FILE --symbol S --timeframe T, or bot data download --assets S');
          return;
        }
        const header = ['symbol', 'timeframe', 'source', 'first bar (UTC)', 'last bar (UTC)', 'bars', 'gaps (missing bars)'];
        const cells = rows.map((r) => [
          r.symbol,
          r.timeframe,
          r.source,
          utcText(r.first),
          utcText(r.last),
          n(r.bars),
          r.gaps === 0 ? '0' : `${n(r.gaps)} (${n(r.missingBars)})`,
        ]);
        ctx.io.out(textTable(header, cells, [5, 6]));
        ctx.io.out('\n`bot data check --symbol S --timeframe T` lists the gaps and other problems of one series.');
      } finally {
        store?.close();
      }
    });
}
