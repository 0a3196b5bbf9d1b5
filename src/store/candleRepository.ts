import type { Bar, Symbol } from '../domain/bar.js';
import type { Timeframe } from '../domain/timeframe.js';
import type { Db } from './database.js';

export interface SeriesSummary {
  readonly symbol: Symbol;
  readonly timeframe: string;
  readonly count: number;
  readonly first: number | null;
  readonly last: number | null;
}

/** OHLCV candles keyed by (symbol, timeframe, open time). Writing the same bar twice updates it. */
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
