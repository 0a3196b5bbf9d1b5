import type { Bar, Symbol } from '../domain/bar.js';
import { barOpenTime, timeframeMs, type Timeframe } from '../domain/timeframe.js';
import type { SourceClaim } from '../store/candleRepository.js';
import type { Store } from '../store/store.js';
import { KRAKEN_API_SOURCE } from './candleSources.js';
import { tradesToCandles, type TradeTick } from './tradesToCandles.js';

/** What a history download needs from an exchange adapter (KrakenMarketData provides it). */
export interface HistorySource {
  closedBars(symbol: Symbol, timeframe: Timeframe, sinceMs: number | undefined, nowMs: number): Promise<Bar[]>;
  tradesPage(symbol: Symbol, cursor: string | undefined): Promise<{ readonly trades: readonly TradeTick[]; readonly next: string }>;
}

export interface DownloadProgress {
  readonly symbol: Symbol;
  /** trades and ohlc: spot (trade pages, then the OHLC window); charts and funding: a perpetual's. */
  readonly phase: 'trades' | 'ohlc' | 'charts' | 'funding';
  readonly pages: number;
  readonly barsWritten: number;
  /** How far the download has got (epoch ms), within from..to. */
  readonly reached: number;
  readonly from: number;
  readonly to: number;
}

export interface DownloadHistoryOptions {
  readonly store: Store;
  readonly marketData: HistorySource;
  readonly symbol: Symbol;
  readonly timeframe: Timeframe;
  /** First bar wanted (epoch ms). Undefined: only what the OHLC endpoint serves (Kraken: 720 bars). */
  readonly since?: number;
  readonly now: number;
  readonly onProgress?: (progress: DownloadProgress) => void;
  /** Stop after this many trade pages (the state is kept: a later run resumes). */
  readonly maxPages?: number;
  /** Stops between pages, like maxPages. */
  readonly signal?: AbortSignal;
}

export interface DownloadResult {
  readonly barsWritten: number;
  /** Trade pages fetched. */
  readonly pages: number;
  /** Open times of the first and last bar written; null when none was. */
  readonly from: number | null;
  readonly to: number | null;
  /** Where an earlier, unfinished download was picked up (epoch ms). */
  readonly resumedFrom?: number;
  /** False when maxPages or the signal stopped it early; running it again resumes. */
  readonly complete: boolean;
  /** What the stored series was: empty, of Kraken's API, or of unknown source (now recorded as Kraken's API). */
  readonly series: SourceClaim;
}

export const TRADES_SOURCE = 'trades';

const NS_PER_MS = 1_000_000n;
/** The trade cursor just before `ms`: a page from it starts with the first trade at or after `ms`. */
const cursorBefore = (ms: number): string => String(BigInt(ms) * NS_PER_MS - 1n);
const cursorMs = (cursor: string): number => Number((BigInt(cursor) + 1n) / NS_PER_MS);

/** Index of the first trade of the bucket the last trade falls in (trades sorted by time). */
function tailBucketStart(trades: readonly TradeTick[], open: number): number {
  let i = trades.length;
  while (i > 0 && (trades[i - 1] as TradeTick).time >= open) i--;
  return i;
}

/**
 * Download bars of one symbol into the store, as a series whose source is Kraken's API (a series of
 * another source is refused: CandleSourceConflict; see downloadReplacing). Kraken's OHLC endpoint
 * serves only its 720 most recent bars; older history is rebuilt from the public trade tape, paged by
 * its cursor. After each page the complete bars and the cursor where they end are written in one
 * transaction; the unfinished trailing bucket is rebuilt from trades on the next page (or the next run),
 * so an interrupted download resumes where it stopped and never writes a partial bar.
 */
export async function downloadHistory(o: DownloadHistoryOptions): Promise<DownloadResult> {
  const { store, marketData, symbol, timeframe: tf, now } = o;
  // A series of another source is refused before anything is asked of the exchange.
  const series = store.candles.assertSource(symbol, tf, KRAKEN_API_SOURCE);
  const tfMs = timeframeMs(tf);
  const states = store.downloads;
  const ohlc = await marketData.closedBars(symbol, tf, undefined, now);
  const windowStart = ohlc[0]?.time ?? barOpenTime(now, tf);
  const since = o.since === undefined ? undefined : barOpenTime(o.since, tf);

  let barsWritten = 0;
  let pages = 0;
  let first: number | null = null;
  let last: number | null = null;
  const written = (bars: readonly Bar[]) => {
    barsWritten += bars.length;
    const a = bars[0];
    const b = bars.at(-1);
    if (a && b) {
      first = first === null ? a.time : Math.min(first, a.time);
      last = last === null ? b.time : Math.max(last, b.time);
    }
  };
  const save = (cursor: string, stateSince: number) => states.save({ symbol, timeframe: tf, source: TRADES_SOURCE, cursor, since: stateSince, updatedAt: now });

  // Where to start: the stored cursor when this `since` is covered by the stored download, else `since`.
  const state = states.get(symbol, tf, TRADES_SOURCE);
  let start: string | undefined;
  let stateSince = since ?? 0;
  let resumedFrom: number | undefined;
  if (since !== undefined) {
    start = cursorBefore(since);
    if (state && since >= state.since && BigInt(state.cursor) >= BigInt(start)) {
      start = state.cursor;
      stateSince = state.since;
      if (cursorMs(start) < windowStart) resumedFrom = cursorMs(start);
    }
  }

  let complete = true;
  if (start !== undefined && cursorMs(start) < windowStart) {
    const from = cursorMs(start);
    let cursor = start;
    let pending: TradeTick[] = [];
    for (;;) {
      if ((o.maxPages !== undefined && pages >= o.maxPages) || o.signal?.aborted) {
        complete = false;
        break;
      }
      const page = await marketData.tradesPage(symbol, cursor);
      pages++;
      const older = page.trades.filter((t) => t.time < windowStart);
      // Trades reaching the OHLC window (or no trades left) end the trade phase: every bucket is complete.
      const reachedEnd = older.length < page.trades.length || page.trades.length === 0 || page.next === cursor;
      pending = pending.concat(older);
      let done: TradeTick[] = [];
      let stored: string | undefined;
      if (reachedEnd) {
        done = pending;
        pending = [];
        stored = cursorBefore(windowStart);
      } else {
        const tailOpen = barOpenTime((pending.at(-1) as TradeTick).time, tf);
        const cut = tailBucketStart(pending, tailOpen);
        if (cut > 0) {
          done = pending.slice(0, cut);
          pending = pending.slice(cut);
          stored = cursorBefore(tailOpen);
        }
      }
      if (stored !== undefined) {
        const bars = tradesToCandles(done, tf);
        const cursorToStore = stored;
        store.transaction(() => {
          store.candles.upsertFrom(KRAKEN_API_SOURCE, symbol, tf, bars);
          save(cursorToStore, stateSince);
        });
        written(bars);
      }
      const reached = reachedEnd ? windowStart : (page.trades.at(-1)?.time ?? from);
      o.onProgress?.({ symbol, phase: 'trades', pages, barsWritten, reached, from, to: windowStart });
      if (reachedEnd) break;
      cursor = page.next;
    }
  }

  if (complete) {
    const bars = since === undefined ? ohlc : ohlc.filter((b) => b.time >= since);
    const lastBar = bars.at(-1);
    store.transaction(() => {
      store.candles.upsertFrom(KRAKEN_API_SOURCE, symbol, tf, bars);
      if (!lastBar) return;
      const end = cursorBefore(lastBar.time + tfMs);
      if (since !== undefined) save(end, stateSince);
      // A window-only run that continues a stored download without a gap extends it.
      else if (state && cursorMs(state.cursor) >= windowStart) save(end, state.since);
    });
    written(bars);
    const reached = lastBar ? lastBar.time + tfMs : windowStart;
    o.onProgress?.({ symbol, phase: 'ohlc', pages, barsWritten, reached, from: since ?? windowStart, to: reached });
  }

  return { barsWritten, pages, from: first, to: last, ...(resumedFrom !== undefined && { resumedFrom }), complete, series };
}
