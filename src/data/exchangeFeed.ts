import type { Bar, Symbol } from '../domain/bar.js';
import type { Clock, FeedUpdate, MarketFeed } from '../domain/ports.js';
import { timeframeMs, type Timeframe } from '../domain/timeframe.js';
import type { CandleRepository } from '../store/candleRepository.js';
import { CandleSourceConflict } from '../store/candleSourceConflict.js';
import { KRAKEN_API_SOURCE } from './candleSources.js';

/** What the feed needs from an exchange adapter: closed bars only, the unfinished one already dropped. */
export interface ClosedBarSource {
  closedBars(symbol: Symbol, timeframe: Timeframe, sinceMs: number | undefined, nowMs: number): Promise<Bar[]>;
}

/** A stored series of another source, refused with what a user of the exchange feed can do about it. */
function withFeedHint<T>(write: () => T): T {
  try {
    return write();
  } catch (err) {
    if (!(err instanceof CandleSourceConflict)) throw err;
    throw err.withHint(
      `scoring on a mix of two markets is wrong: replace the stored series with Kraken's (bot data download --assets ${err.symbol} --timeframe ${err.timeframe} --since DATE --replace), or trade the stored bars on paper (--feed replay)`,
    );
  }
}

/** Where the feed keeps a symbol's bars: its own series of Kraken's API, or a perpetual's (see venueSeries.ts). */
export interface FeedSeries {
  readonly source: string;
  readonly of: (symbol: Symbol) => string;
}

export const SPOT_SERIES: FeedSeries = { source: KRAKEN_API_SOURCE, of: (symbol) => symbol };

/** Refuse, before a run starts, a stored series the exchange feed could not extend (see ExchangeFeed). */
export function refuseSeriesTheFeedCannotExtend(
  candles: CandleRepository,
  symbols: readonly Symbol[],
  timeframe: Timeframe,
  series: FeedSeries = SPOT_SERIES,
): void {
  for (const symbol of symbols) withFeedHint(() => candles.assertSource(series.of(symbol), timeframe, series.source));
}

/**
 * Live market data: on each poll, the bars that closed since the last one. Every bar seen is also kept in
 * the store, so paper and live runs leave behind the history later training and replays use; a stored
 * series of another source (an imported file) is refused at start-up rather than extended with them.
 */
export class ExchangeFeed implements MarketFeed {
  readonly kind = 'exchange' as const;
  private readonly cursors: Map<Symbol, number>;

  constructor(
    private readonly source: ClosedBarSource,
    private readonly candles: CandleRepository,
    private readonly symbols: readonly Symbol[],
    private readonly timeframe: Timeframe,
    private readonly clock: Clock,
    after: ReadonlyMap<Symbol, number>,
    private readonly series: FeedSeries = SPOT_SERIES,
  ) {
    this.cursors = new Map(after);
  }

  async history(symbol: Symbol, count: number, beforeTime: number): Promise<Bar[]> {
    const bars = await this.source.closedBars(symbol, this.timeframe, undefined, this.clock.now());
    withFeedHint(() => this.candles.upsertFrom(this.series.source, this.series.of(symbol), this.timeframe, bars));
    const stored = this.candles.before(this.series.of(symbol), this.timeframe, beforeTime, count);
    return stored;
  }

  async poll(): Promise<FeedUpdate | 'end'> {
    const now = this.clock.now();
    const bars = new Map<Symbol, Bar[]>();
    for (const symbol of this.symbols) {
      const cursor = this.cursors.get(symbol);
      // Ask from one bar before the cursor: Kraken's `since` is exclusive in some paths and inclusive in others.
      const since = cursor === undefined ? undefined : cursor - timeframeMs(this.timeframe);
      const fresh = (await this.source.closedBars(symbol, this.timeframe, since, now)).filter((b) => cursor === undefined || b.time > cursor);
      if (fresh.length === 0) continue;
      this.candles.upsertFrom(this.series.source, this.series.of(symbol), this.timeframe, fresh);
      this.cursors.set(symbol, (fresh[fresh.length - 1] as Bar).time);
      bars.set(symbol, fresh);
    }
    return { time: now, bars };
  }
}
