import type { Config } from '../../config/schema.js';
import type { MarketInfo } from '../../domain/market.js';
import type { Timeframe } from '../../domain/timeframe.js';
import { KRAKEN_FUTURES_API_SOURCE } from '../../data/candleSources.js';
import { downloadFuturesHistory, type FuturesDownloadResult } from '../../data/downloadFuturesHistory.js';
import type { DownloadProgress } from '../../data/downloadHistory.js';
import { RetryableError } from '../../internal/errors.js';
import type { Store } from '../../store/store.js';
import { KRAKEN_FUTURES } from '../../runtime/futuresConnection.js';
import type { CliContext } from '../context.js';
import { utc, withDownloadHint } from '../downloadProgress.js';
import { unknownAssetError } from '../unknownAssetError.js';

export interface PerpetualDownload {
  readonly ctx: CliContext;
  readonly config: Config;
  readonly assets: readonly string[];
  /** Whether the assets came from --assets (for the error that names them). */
  readonly assetsFlag: boolean;
  readonly timeframe: Timeframe;
  readonly since?: number;
  readonly json: boolean;
  readonly now: number;
  readonly store: Store;
  readonly signal: AbortSignal;
  readonly progress: { readonly update: (p: DownloadProgress) => void; readonly stop: () => void };
}

const iso = (t: number | null | undefined) => (t === null || t === undefined ? null : new Date(t).toISOString());

function line(m: MarketInfo, tf: Timeframe, r: FuturesDownloadResult, store: Store): string {
  const stored = store.candles.summary(r.series, tf);
  const funding = store.funding.summary(r.series);
  const span = r.from !== null && r.to !== null ? ` (${utc(r.from)} .. ${utc(r.to)} UTC)` : '';
  const resumed = r.resumedFrom !== undefined ? `, resumed from ${utc(r.resumedFrom)}` : '';
  const total = stored.first !== null && stored.last !== null ? `; ${stored.count} stored ${utc(stored.first)} .. ${utc(stored.last)}` : '';
  const rates =
    funding.first !== null && funding.last !== null
      ? `; funding: ${funding.count} hourly rates stored ${utc(funding.first)} .. ${utc(funding.last)}`
      : '; funding: none published';
  return `${m.symbol} ${tf} perpetual ${m.perpetual?.id ?? ''} (series ${r.series}): ${r.barsWritten} bars written${span}, ${r.chunks} chunk${r.chunks === 1 ? '' : 's'}${resumed}${total}${rates}${r.complete ? '' : ' (interrupted)'}`;
}

function json(m: MarketInfo, tf: Timeframe, r: FuturesDownloadResult, store: Store): Record<string, unknown> {
  const stored = store.candles.summary(r.series, tf);
  const funding = store.funding.summary(r.series);
  return {
    symbol: m.symbol,
    perpetual: m.perpetual?.id ?? null,
    series: r.series,
    timeframe: tf,
    barsWritten: r.barsWritten,
    chunks: r.chunks,
    from: iso(r.from),
    to: iso(r.to),
    resumedFrom: iso(r.resumedFrom),
    complete: r.complete,
    source: KRAKEN_FUTURES_API_SOURCE,
    stored: { count: stored.count, first: iso(stored.first), last: iso(stored.last) },
    funding: { written: r.fundingWritten, count: funding.count, first: iso(funding.first), last: iso(funding.last) },
  };
}

/**
 * `bot data download --venue kraken-futures`: each asset's perpetual (PF_SOLUSD for SOL/USD), its candles from
 * the charts API and its funding-rate history, under the perpetual's own series; the markets (precision,
 * minimums, contract size, margin levels) stored as Kraken Futures lists them.
 */
export async function downloadPerpetuals(d: PerpetualDownload): Promise<void> {
  const { config, store, timeframe } = d;
  const { createKrakenFuturesClient, KrakenFuturesMarketData } = await import('../../data/krakenFutures/index.js');
  const marketData = new KrakenFuturesMarketData(createKrakenFuturesClient({ apiUrl: config.exchange.futuresApiUrl, timeoutMs: config.exchange.timeoutMs }));
  let markets: MarketInfo[];
  let now: number;
  try {
    markets = await marketData.markets();
    // Which candles have closed is the exchange's to say.
    now = await marketData.serverTime();
  } catch (err) {
    throw withDownloadHint(err, false);
  }
  const bySymbol = new Map(markets.map((m) => [m.symbol, m]));
  const missing = d.assets.filter((a) => !bySymbol.has(a));
  if (missing.length) throw unknownAssetError(missing, markets, d.assetsFlag ? '--assets' : 'assets in the config');
  store.saveMarkets(
    KRAKEN_FUTURES,
    d.assets.flatMap((a) => bySymbol.get(a) ?? []),
    d.now,
  );

  for (const symbol of d.assets) {
    if (d.signal.aborted) break;
    const market = bySymbol.get(symbol) as MarketInfo;
    let result: FuturesDownloadResult;
    try {
      result = await downloadFuturesHistory({
        store,
        marketData,
        symbol,
        timeframe,
        ...(d.since !== undefined && { since: d.since }),
        now,
        fundingIntervalMs: config.venue.futures.funding.intervalHours * 3_600_000,
        onProgress: d.progress.update,
        signal: d.signal,
      });
    } catch (err) {
      throw withDownloadHint(err, true);
    } finally {
      d.progress.stop();
    }
    d.ctx.io.out(d.json ? JSON.stringify(json(market, timeframe, result, store)) : line(market, timeframe, result, store));
    if (!result.complete) {
      throw new RetryableError(`download of ${symbol}'s perpetual interrupted; what was downloaded is stored`, {
        hint: 'run the same command again to resume where it stopped',
      });
    }
  }
}
