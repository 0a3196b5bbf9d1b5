import type { Bar, Symbol } from '../domain/bar.js';
import type { Timeframe } from '../domain/timeframe.js';
import type { CandleReader, SeriesSummary } from '../store/candleRepository.js';

/** Index of the first bar opening at or after `time` (bars in time order). */
function firstAtOrAfter(bars: readonly Bar[], time: number): number {
  let lo = 0;
  let hi = bars.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((bars[mid] as Bar).time < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * One timeframe's series held in memory and read as the store's candles are read. A backtest loads each
 * series once and its replay, seeding and report read from here: no SQLite row is built twice, and none
 * inside the replay loop.
 */
export class MemoryCandles implements CandleReader {
  constructor(
    private readonly timeframe: Timeframe,
    /** Each symbol's bars, oldest first, one per open time. */
    private readonly series: ReadonlyMap<Symbol, readonly Bar[]>,
    /** Where each series came from (see candleSources.ts). */
    private readonly sources: ReadonlyMap<Symbol, string> = new Map(),
  ) {}

  sourceOf(symbol: Symbol, timeframe: Timeframe): string | undefined {
    return timeframe === this.timeframe ? this.sources.get(symbol) : undefined;
  }

  range(symbol: Symbol, timeframe: Timeframe, from = 0, to = Number.MAX_SAFE_INTEGER): Bar[] {
    const bars = this.of(symbol, timeframe);
    return bars.slice(firstAtOrAfter(bars, from), firstAtOrAfter(bars, to));
  }

  before(symbol: Symbol, timeframe: Timeframe, beforeTime: number, count: number): Bar[] {
    const bars = this.of(symbol, timeframe);
    const end = firstAtOrAfter(bars, beforeTime);
    return bars.slice(Math.max(0, end - count), end);
  }

  after(symbol: Symbol, timeframe: Timeframe, afterTime: number, count: number): Bar[] {
    const bars = this.of(symbol, timeframe);
    const start = firstAtOrAfter(bars, afterTime + 1);
    return bars.slice(start, start + count);
  }

  summary(symbol: Symbol, timeframe: Timeframe): SeriesSummary {
    const bars = this.of(symbol, timeframe);
    return { symbol, timeframe, count: bars.length, first: bars[0]?.time ?? null, last: bars[bars.length - 1]?.time ?? null };
  }

  private of(symbol: Symbol, timeframe: Timeframe): readonly Bar[] {
    return timeframe === this.timeframe ? (this.series.get(symbol) ?? []) : [];
  }
}
