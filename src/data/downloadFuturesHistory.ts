import type { Bar, Symbol } from '../domain/bar.js';
import type { FundingRate } from '../domain/funding.js';
import { perpetualSymbol } from '../domain/perpetualSymbol.js';
import { barOpenTime, timeframeMs, type Timeframe } from '../domain/timeframe.js';
import type { SourceClaim } from '../store/candleRepository.js';
import type { Store } from '../store/store.js';
import { KRAKEN_FUTURES_API_SOURCE } from './candleSources.js';
import type { DownloadProgress } from './downloadHistory.js';

/** What a perpetual's history download needs from an exchange adapter (KrakenFuturesMarketData provides it). */
export interface FuturesHistorySource {
  candles(symbol: Symbol, timeframe: Timeframe, from: number, until: number, nowMs: number): Promise<Bar[]>;
  fundingHistory(symbol: Symbol, sinceMs: number | undefined, intervalMs: number): Promise<FundingRate[]>;
}

export interface FuturesDownloadOptions {
  readonly store: Store;
  readonly marketData: FuturesHistorySource;
  /** The bot's symbol (SOL/USD); its perpetual's bars and rates are stored under SOL/USD:USD. */
  readonly symbol: Symbol;
  readonly timeframe: Timeframe;
  /** First bar wanted. Undefined: from the stored series' last bar on, or the latest 2,000 bars. */
  readonly since?: number;
  readonly now: number;
  /** The funding period (an hour on Kraken): rates are stored on its starts. */
  readonly fundingIntervalMs: number;
  readonly onProgress?: (progress: DownloadProgress) => void;
  /** Stop after this many chunks of candles (the state is kept: a later run resumes). */
  readonly maxChunks?: number;
  /** Stops between chunks, like maxChunks. */
  readonly signal?: AbortSignal;
}

export interface FuturesDownloadResult {
  /** The store's series: the perpetual's unified symbol. */
  readonly series: string;
  readonly claim: SourceClaim;
  readonly barsWritten: number;
  /** Chunks of candles fetched (each a few charts calls, paged by ccxt). */
  readonly chunks: number;
  /** Open times of the first and last bar written; null when none was. */
  readonly from: number | null;
  readonly to: number | null;
  /** Where an earlier, unfinished download was picked up (epoch ms). */
  readonly resumedFrom?: number;
  /** False when maxChunks or the signal stopped it early; running it again resumes. */
  readonly complete: boolean;
  readonly fundingWritten: number;
}

/** Candles per chunk: a chunk is stored, with the cursor where it ends, in one transaction. */
export const CHUNK_BARS = 10_000;
/** Without --since and without a stored series: the latest this many bars (one charts call). */
const DEFAULT_BARS = 2_000;
const CHARTS = 'charts';

/**
 * Download a perpetual's candles (Kraken Futures' charts API, paged by ccxt) and its funding-rate history into
 * the store, under the perpetual's own series (SOL/USD:USD, source kraken-futures-api): never into the spot
 * market's. Resumable: after each chunk the bars and the cursor where they end are written in one
 * transaction, so an interrupted download picks up where it stopped. Funding comes in one answer (Kraken
 * serves the whole history) and is upserted: running it again adds what is new.
 */
export async function downloadFuturesHistory(o: FuturesDownloadOptions): Promise<FuturesDownloadResult> {
  const { store, marketData, symbol, timeframe: tf, now } = o;
  const series = perpetualSymbol(symbol);
  const claim = store.candles.assertSource(series, tf, KRAKEN_FUTURES_API_SOURCE);
  const tfMs = timeframeMs(tf);
  const states = store.downloads;
  const state = states.get(series, tf, CHARTS);
  const end = barOpenTime(now, tf);

  let start: number;
  let stateSince: number;
  let resumedFrom: number | undefined;
  if (o.since !== undefined) {
    start = barOpenTime(o.since, tf);
    stateSince = start;
    if (state && start >= state.since && Number(state.cursor) > start) {
      start = Number(state.cursor);
      stateSince = state.since;
      if (start < end) resumedFrom = start;
    }
  } else {
    const last = store.candles.summary(series, tf).last;
    start = last === null ? end - DEFAULT_BARS * tfMs : last + tfMs;
    stateSince = state?.since ?? start;
  }

  let barsWritten = 0;
  let chunks = 0;
  let first: number | null = null;
  let lastBar: number | null = null;
  let complete = true;
  const from = start;
  while (start < end) {
    if ((o.maxChunks !== undefined && chunks >= o.maxChunks) || o.signal?.aborted) {
      complete = false;
      break;
    }
    const until = Math.min(end, start + CHUNK_BARS * tfMs);
    const bars = await marketData.candles(symbol, tf, start, until, now);
    chunks++;
    store.transaction(() => {
      store.candles.upsertFrom(KRAKEN_FUTURES_API_SOURCE, series, tf, bars);
      states.save({ symbol: series, timeframe: tf, source: CHARTS, cursor: String(until), since: stateSince, updatedAt: now });
    });
    barsWritten += bars.length;
    const a = bars[0];
    const b = bars.at(-1);
    if (a && b) {
      first ??= a.time;
      lastBar = b.time;
    }
    start = until;
    o.onProgress?.({ symbol, phase: 'charts', pages: chunks, barsWritten, reached: until, from, to: end });
  }

  const rates = await marketData.fundingHistory(symbol, o.since, o.fundingIntervalMs);
  const fundingWritten = store.funding.upsertFrom(KRAKEN_FUTURES_API_SOURCE, series, rates);
  o.onProgress?.({ symbol, phase: 'funding', pages: chunks, barsWritten, reached: end, from, to: end });
  return { series, claim, barsWritten, chunks, from: first, to: lastBar, ...(resumedFrom !== undefined && { resumedFrom }), complete, fundingWritten };
}
