import { Option, type Command } from 'commander';
import type { MarketInfo } from '../../domain/market.js';
import { TIMEFRAMES, type Timeframe } from '../../domain/timeframe.js';
import { KRAKEN_API_SOURCE } from '../../data/candleSources.js';
import { downloadHistory } from '../../data/downloadHistory.js';
import { downloadReplacing, type ReplacingResult } from '../../data/downloadReplacing.js';
import { RetryableError, UserError } from '../../internal/errors.js';
import { Shutdown } from '../../internal/shutdown.js';
import type { SeriesSummary } from '../../store/candleRepository.js';
import { CandleSourceConflict } from '../../store/candleSourceConflict.js';
import type { Store } from '../../store/store.js';
import type { CliContext } from '../context.js';
import { parseDate, venueOption, venueOverride } from '../options.js';
import { progressReporter, utc, withDownloadHint } from '../downloadProgress.js';
import { unknownAssetError } from '../unknownAssetError.js';
import { downloadPerpetuals } from './dataDownloadFutures.js';
import type { VenueKind } from '../../config/schema.js';

interface DownloadOptions {
  assets?: string[];
  timeframe?: Timeframe;
  since?: number;
  replace?: boolean;
  json?: boolean;
  venue?: VenueKind;
}

/** Every asset's series is checked before the first is downloaded: a refusal leaves all as they were. */
function refuseOtherSources(store: Store, assets: readonly string[], timeframe: Timeframe): void {
  for (const symbol of assets) {
    try {
      store.candles.assertSource(symbol, timeframe, KRAKEN_API_SOURCE);
    } catch (err) {
      if (!(err instanceof CandleSourceConflict)) throw err;
      throw err.withHint(
        `to replace the whole ${symbol} ${timeframe} series with Kraken's bars, run the same command with --replace (and --since for more than the latest 720 bars)`,
      );
    }
  }
}

/** What became of the stored series, when that is news: replaced, or a source recorded for it. */
function seriesNote(r: ReplacingResult): string {
  if (r.replaced) return `; replaced ${r.replaced.bars} bars from ${r.replaced.source ?? 'nowhere'}`;
  if (r.series === 'adopted') return `; the stored bars had no recorded source (stored before bot kept one), now ${KRAKEN_API_SOURCE}`;
  return '';
}

function summary(symbol: string, tf: Timeframe, r: ReplacingResult, stored: SeriesSummary): string {
  const span = r.from !== null && r.to !== null ? ` (${utc(r.from)} .. ${utc(r.to)} UTC)` : '';
  const resumed = r.resumedFrom !== undefined ? `, resumed from ${utc(r.resumedFrom)}` : '';
  const pages = r.pages ? `, ${r.pages} trade page${r.pages === 1 ? '' : 's'}` : '';
  const total = stored.first !== null && stored.last !== null ? `; ${stored.count} stored ${utc(stored.first)} .. ${utc(stored.last)}` : '';
  const state = r.complete ? '' : ' (interrupted)';
  return `${symbol} ${tf}: ${r.barsWritten} bars written${span}${pages}${resumed}${seriesNote(r)}${total}${state}`;
}

function jsonSummary(symbol: string, tf: Timeframe, r: ReplacingResult, stored: SeriesSummary): Record<string, unknown> {
  const iso = (t: number | null | undefined) => (t === null || t === undefined ? null : new Date(t).toISOString());
  return {
    symbol,
    timeframe: tf,
    barsWritten: r.barsWritten,
    pages: r.pages,
    from: iso(r.from),
    to: iso(r.to),
    resumedFrom: iso(r.resumedFrom),
    complete: r.complete,
    source: KRAKEN_API_SOURCE,
    series: r.replaced ? 'replaced' : r.series,
    ...(r.replaced && { replaced: r.replaced }),
    stored: { count: stored.count, first: iso(stored.first), last: iso(stored.last) },
  };
}

export function registerDataDownload(data: Command, ctx: CliContext): void {
  data
    .command('download')
    .description('download candles from Kraken into the store; history beyond its 720 bars is rebuilt from public trades (resumable)')
    .option('--assets <symbols...>', 'markets, e.g. SOL/USD ETH/USD (default: assets from the config)')
    .addOption(new Option('--timeframe <tf>', 'bar timeframe (default: timeframe from the config)').choices(TIMEFRAMES))
    .addOption(venueOption())
    .option(
      '--since <date>',
      "first bar, YYYY-MM-DD (UTC); default: the 720 most recent bars Kraken serves (futures: the stored series' end, or the latest 2,000)",
      parseDate,
    )
    .option('--replace', 'replace each stored series (of any source) with the download, once it is complete')
    .option('--json', 'print one JSON object per asset instead of a summary line')
    .addHelpText(
      'after',
      '\nExamples:\n  bot data download --assets SOL/USD ETH/USD\n  bot data download --assets BTC/USD --timeframe 1h --since 2025-01-01\n  bot data download --assets BTC/USD --since 2024-01-01 --replace\n' +
        '  bot data download --venue kraken-futures --assets SOL/USD ETH/USD BTC/USD --since 2023-01-01',
    )
    .action(async (opts: DownloadOptions) => {
      const { config } = ctx.config(venueOverride(opts.venue));
      if (opts.replace && config.venue.kind === 'kraken-futures') {
        throw new UserError("--replace does not apply to --venue kraken-futures: a perpetual's series has one source only, Kraken Futures' API", {
          hint: "leave out --replace: the download resumes or adds to the perpetual's own series (SOL/USD:USD), never to the spot one",
        });
      }
      const timeframe = opts.timeframe ?? config.timeframe;
      const assets = [...new Set(opts.assets ?? config.assets)];
      const now = Date.now();
      if (opts.since !== undefined && opts.since >= now) {
        throw new UserError(`--since ${utc(opts.since)} is not allowed: it is in the future`, { hint: 'give a past date, YYYY-MM-DD' });
      }
      const logger = ctx.logger.child('download');
      // Opened (and checked) before the network: a damaged database is refused at once.
      const store = ctx.openStore();
      const stop = new Shutdown();
      stop.defer(() => store.close());
      const progress = progressReporter(ctx.io.interactive, logger);
      try {
        if (config.venue.kind === 'kraken-futures') {
          await downloadPerpetuals({
            ctx,
            config,
            assets,
            assetsFlag: opts.assets !== undefined,
            timeframe,
            ...(opts.since !== undefined && { since: opts.since }),
            json: opts.json === true,
            now,
            store,
            signal: stop.signal,
            progress,
          });
          return;
        }
        // ccxt is loaded only by the commands that talk to the exchange.
        const { createKrakenClient, KrakenMarketData } = await import('../../data/kraken/index.js');
        const marketData = new KrakenMarketData(createKrakenClient({ apiUrl: config.exchange.apiUrl, timeoutMs: config.exchange.timeoutMs }));

        let markets: MarketInfo[];
        try {
          markets = await marketData.markets();
        } catch (err) {
          throw withDownloadHint(err, false);
        }
        const known = new Set(markets.map((m) => m.symbol));
        const missing = assets.filter((a) => !known.has(a));
        if (missing.length) throw unknownAssetError(missing, markets, opts.assets ? '--assets' : 'assets in the config');

        if (!opts.replace) refuseOtherSources(store, assets, timeframe);
        for (const symbol of assets) {
          if (stop.signal.aborted) break;
          let result: ReplacingResult;
          try {
            result = await (opts.replace ? downloadReplacing : downloadHistory)({
              store,
              marketData,
              symbol,
              timeframe,
              ...(opts.since !== undefined && { since: opts.since }),
              now,
              onProgress: progress.update,
              signal: stop.signal,
            });
          } catch (err) {
            throw withDownloadHint(err, true);
          } finally {
            progress.stop();
          }
          const stored = store.candles.summary(symbol, timeframe);
          ctx.io.out(opts.json ? JSON.stringify(jsonSummary(symbol, timeframe, result, stored)) : summary(symbol, timeframe, result, stored));
          if (!result.complete && opts.replace) {
            throw new RetryableError(`download of ${symbol} interrupted; nothing was replaced: the stored ${symbol} ${timeframe} series is as it was`, {
              hint: 'run the same command again: a replacing download starts afresh',
            });
          }
          if (!result.complete) {
            throw new RetryableError(`download of ${symbol} interrupted; what was downloaded is stored`, {
              hint: 'run the same command again to resume where it stopped',
            });
          }
        }
      } finally {
        await stop.close();
      }
    });
}
