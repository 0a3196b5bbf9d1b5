import type { Bar, Symbol } from '../domain/bar.js';
import type { FeedUpdate, MarketFeed } from '../domain/ports.js';
import { timeframeMs, type Timeframe } from '../domain/timeframe.js';
import type { CandleReader } from '../store/candleRepository.js';

const CHUNK = 2000;

/**
 * Plays stored candles as if they were arriving live: each poll advances to the next bar time any
 * symbol has, and delivers every symbol's bar at that time. One bar per poll, nothing ahead of it.
 */
export class ReplayFeed implements MarketFeed {
  readonly kind = 'replay' as const;
  /** A chunk of each symbol's coming bars and the position of the next one in it (no shifting arrays). */
  private readonly buffers = new Map<Symbol, { bars: Bar[]; next: number }>();
  private readonly cursors: Map<Symbol, number>;
  private readonly barMs: number;

  /**
   * @param after last bar already played per symbol; bars after it come next.
   * @param to bars opening at or after `to` are not played.
   * @param seriesOf the stored series a symbol's bars are read from (a perpetual's, see venueSeries.ts).
   */
  constructor(
    private readonly candles: CandleReader,
    private readonly symbols: readonly Symbol[],
    private readonly timeframe: Timeframe,
    after: ReadonlyMap<Symbol, number>,
    private readonly to = Number.MAX_SAFE_INTEGER,
    private readonly seriesOf: (symbol: Symbol) => string = (symbol) => symbol,
  ) {
    this.cursors = new Map(symbols.map((s) => [s, after.get(s) ?? -1]));
    this.barMs = timeframeMs(timeframe);
  }

  async history(symbol: Symbol, count: number, beforeTime: number): Promise<Bar[]> {
    return this.candles.before(this.seriesOf(symbol), this.timeframe, beforeTime, count);
  }

  poll(): FeedUpdate | 'end' {
    let next = Number.POSITIVE_INFINITY;
    for (const symbol of this.symbols) {
      const head = this.peek(symbol);
      if (head && head.time < next) next = head.time;
    }
    if (!Number.isFinite(next) || next >= this.to) return 'end';
    const bars = new Map<Symbol, Bar[]>();
    for (const symbol of this.symbols) {
      const head = this.peek(symbol);
      if (head && head.time === next) {
        const buf = this.buffers.get(symbol);
        if (buf) buf.next++;
        this.cursors.set(symbol, head.time);
        bars.set(symbol, [head]);
      }
    }
    return { time: next + this.barMs, bars };
  }

  private peek(symbol: Symbol): Bar | undefined {
    let buf = this.buffers.get(symbol);
    if (!buf || buf.next >= buf.bars.length) {
      buf = { bars: this.candles.after(this.seriesOf(symbol), this.timeframe, this.cursors.get(symbol) ?? -1, CHUNK), next: 0 };
      this.buffers.set(symbol, buf);
    }
    return buf.bars[buf.next];
  }
}
