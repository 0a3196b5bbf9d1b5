import type { Bar, Symbol } from '../domain/bar.js';
import type { Timeframe } from '../domain/timeframe.js';
import { CandleSourceConflict } from './candleSourceConflict.js';
import type { Db } from './database.js';

export interface SeriesSummary {
  readonly symbol: Symbol;
  readonly timeframe: string;
  readonly count: number;
  readonly first: number | null;
  readonly last: number | null;
}

/** What a replay reads of the candles: the store's, or a backtest's loaded once (data/memoryCandles.ts). */
export type CandleReader = Pick<CandleRepository, 'range' | 'before' | 'after' | 'summary' | 'sourceOf'>;

/** The source of a series stored before bot recorded sources (see migration 7). */
export const UNKNOWN_SOURCE = 'unknown';

/**
 * What a write of one source's bars found: a series without bars (`new`), one of the same source
 * (`same`), or one of unknown source that it now claims (`adopted`).
 */
export type SourceClaim = 'new' | 'same' | 'adopted';

/**
 * OHLCV candles keyed by (symbol, timeframe, open time). Writing the same bar twice updates it. Each
 * series keeps the name of its source (an exchange's API, a kind of file): bars of another source are
 * refused, so two markets are never spliced into one series; replacing the series is explicit.
 */
export class CandleRepository {
  private readonly upsertStmt;
  private readonly rangeStmt;
  private readonly beforeStmt;
  private readonly afterStmt;
  private readonly summaryStmt;

  constructor(private readonly db: Db) {
    this.upsertStmt = db.prepare(
      `INSERT INTO candles (symbol, timeframe, time, open, high, low, close, volume)
       VALUES (@symbol, @timeframe, @time, @open, @high, @low, @close, @volume)
       ON CONFLICT (symbol, timeframe, time) DO UPDATE SET
         open = excluded.open, high = excluded.high, low = excluded.low,
         close = excluded.close, volume = excluded.volume`,
    );
    this.rangeStmt = db.prepare(
      `SELECT time, open, high, low, close, volume FROM candles
       WHERE symbol = ? AND timeframe = ? AND time >= ? AND time < ? ORDER BY time`,
    );
    this.beforeStmt = db.prepare(
      `SELECT time, open, high, low, close, volume FROM candles
       WHERE symbol = ? AND timeframe = ? AND time < ? ORDER BY time DESC LIMIT ?`,
    );
    this.afterStmt = db.prepare(
      `SELECT time, open, high, low, close, volume FROM candles
       WHERE symbol = ? AND timeframe = ? AND time > ? ORDER BY time LIMIT ?`,
    );
    this.summaryStmt = db.prepare(
      `SELECT symbol, timeframe, COUNT(*) AS count, MIN(time) AS first, MAX(time) AS last
       FROM candles WHERE symbol = ? AND timeframe = ? GROUP BY symbol, timeframe`,
    );
  }

  /** Insert or update bars; the caller owns the transaction when it wants all-or-nothing across calls. */
  upsert(symbol: Symbol, timeframe: Timeframe, bars: readonly Bar[]): number {
    const run = this.db.transaction((rows: readonly Bar[]) => {
      for (const b of rows) this.upsertStmt.run({ symbol, timeframe, ...b });
    });
    run(bars);
    return bars.length;
  }

  /**
   * Where the series' bars came from: undefined while it holds none, UNKNOWN_SOURCE for a series stored
   * before sources were kept (also in a read-only database not yet migrated to keep them).
   */
  sourceOf(symbol: Symbol, timeframe: Timeframe): string | undefined {
    if (!this.db.prepare('SELECT 1 FROM candles WHERE symbol = ? AND timeframe = ? LIMIT 1').get(symbol, timeframe)) return undefined;
    const hasTable = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'candle_sources'").get();
    const row = hasTable
      ? (this.db.prepare('SELECT source FROM candle_sources WHERE symbol = ? AND timeframe = ?').get(symbol, timeframe) as { source: string } | undefined)
      : undefined;
    return row?.source ?? UNKNOWN_SOURCE;
  }

  /**
   * What a write of `source` bars would find (see SourceClaim); CandleSourceConflict when the series
   * holds bars of another known source.
   */
  assertSource(symbol: Symbol, timeframe: Timeframe, source: string): SourceClaim {
    const current = this.sourceOf(symbol, timeframe);
    if (current === source) return 'same';
    if (current === undefined) return 'new';
    if (current === UNKNOWN_SOURCE) return 'adopted';
    throw new CandleSourceConflict(symbol, timeframe, current, source, this.summary(symbol, timeframe).count);
  }

  /** assertSource(), then record `source` for the series; in the transaction that writes its bars. */
  claimSource(symbol: Symbol, timeframe: Timeframe, source: string): SourceClaim {
    const claim = this.assertSource(symbol, timeframe, source);
    if (claim !== 'same') this.setSource(symbol, timeframe, source);
    return claim;
  }

  /** upsert() for bars of `source`, refused as a whole when the series holds another source's bars. */
  upsertFrom(source: string, symbol: Symbol, timeframe: Timeframe, bars: readonly Bar[]): SourceClaim {
    return this.db.transaction(() => {
      const claim = this.claimSource(symbol, timeframe, source);
      this.upsert(symbol, timeframe, bars);
      return claim;
    })();
  }

  /**
   * Empty the series, forget a download's resumable cursor for it (the bars it led to are gone), and
   * record `source` for it. Call it in the transaction that writes the new bars: the swap is then all
   * or nothing, and readers never see the series half old, half new.
   */
  replaceSeries(symbol: Symbol, timeframe: Timeframe, source: string): { readonly previous: string | undefined; readonly removed: number } {
    const previous = this.sourceOf(symbol, timeframe);
    const removed = this.db.prepare('DELETE FROM candles WHERE symbol = ? AND timeframe = ?').run(symbol, timeframe).changes;
    this.db.prepare('DELETE FROM download_state WHERE symbol = ? AND timeframe = ?').run(symbol, timeframe);
    this.setSource(symbol, timeframe, source);
    return { previous, removed };
  }

  private setSource(symbol: Symbol, timeframe: Timeframe, source: string): void {
    this.db
      .prepare('INSERT INTO candle_sources (symbol, timeframe, source) VALUES (?, ?, ?) ON CONFLICT (symbol, timeframe) DO UPDATE SET source = excluded.source')
      .run(symbol, timeframe, source);
  }

  /** Bars with from <= time < to, oldest first. */
  range(symbol: Symbol, timeframe: Timeframe, from = 0, to = Number.MAX_SAFE_INTEGER): Bar[] {
    return this.rangeStmt.all(symbol, timeframe, from, to) as Bar[];
  }

  /** The `count` most recent bars opening before `beforeTime`, oldest first. */
  before(symbol: Symbol, timeframe: Timeframe, beforeTime: number, count: number): Bar[] {
    return (this.beforeStmt.all(symbol, timeframe, beforeTime, count) as Bar[]).reverse();
  }

  /** Up to `count` bars opening after `afterTime`, oldest first. */
  after(symbol: Symbol, timeframe: Timeframe, afterTime: number, count: number): Bar[] {
    return this.afterStmt.all(symbol, timeframe, afterTime, count) as Bar[];
  }

  summary(symbol: Symbol, timeframe: Timeframe): SeriesSummary {
    const row = this.summaryStmt.get(symbol, timeframe) as SeriesSummary | undefined;
    return row ?? { symbol, timeframe, count: 0, first: null, last: null };
  }

  /** Every stored (symbol, timeframe) series. */
  series(): SeriesSummary[] {
    return this.db
      .prepare(
        `SELECT symbol, timeframe, COUNT(*) AS count, MIN(time) AS first, MAX(time) AS last
         FROM candles GROUP BY symbol, timeframe ORDER BY symbol, timeframe`,
      )
      .all() as SeriesSummary[];
  }
}
