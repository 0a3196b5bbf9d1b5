import { Store } from '../store/store.js';
import { KRAKEN_API_SOURCE } from './candleSources.js';
import { downloadHistory, TRADES_SOURCE, type DownloadHistoryOptions, type DownloadResult } from './downloadHistory.js';

export interface ReplacingResult extends DownloadResult {
  /** Set once the stored series was replaced: the source and the number of the bars it held. */
  readonly replaced?: { readonly source: string | undefined; readonly bars: number };
}

/**
 * Download a whole series afresh and replace the stored one with it, whatever its source. The download
 * goes to a scratch database in memory; only a complete one replaces the stored series, in one
 * transaction (bars, source, the resumable cursor), so a failed or interrupted download leaves the
 * stored series as it was and readers never see it half replaced.
 */
export async function downloadReplacing(o: DownloadHistoryOptions): Promise<ReplacingResult> {
  const scratch = Store.open(':memory:');
  try {
    const result = await downloadHistory({ ...o, store: scratch });
    if (!result.complete) return result;
    const { store, symbol, timeframe } = o;
    const bars = scratch.candles.range(symbol, timeframe);
    const cursor = scratch.downloads.get(symbol, timeframe, TRADES_SOURCE);
    const gone = store.transaction(() => {
      const previous = store.candles.replaceSeries(symbol, timeframe, KRAKEN_API_SOURCE);
      store.candles.upsert(symbol, timeframe, bars);
      if (cursor) store.downloads.save(cursor);
      return previous;
    });
    return { ...result, replaced: { source: gone.previous, bars: gone.removed } };
  } finally {
    scratch.close();
  }
}
