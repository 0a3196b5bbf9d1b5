import { timeframeMs, isTimeframe } from '../domain/timeframe.js';
import { UNKNOWN_SOURCE } from './candleRepository.js';
import type { Db } from './database.js';

export interface SeriesListing {
  readonly symbol: string;
  readonly timeframe: string;
  readonly source: string;
  readonly first: number;
  readonly last: number;
  readonly bars: number;
  /** Holes between consecutive bars wider than one bar, and the bars they miss. */
  readonly gaps: number;
  readonly missingBars: number;
}

/** Every stored candle series with its source, span and holes; one pass over each series' times. */
export function seriesListing(db: Db): SeriesListing[] {
  const series = db
    .prepare(
      `SELECT c.symbol, c.timeframe, COALESCE(s.source, ?) AS source, COUNT(*) AS bars, MIN(c.time) AS first, MAX(c.time) AS last
       FROM candles c LEFT JOIN candle_sources s ON s.symbol = c.symbol AND s.timeframe = c.timeframe
       GROUP BY c.symbol, c.timeframe ORDER BY c.symbol, c.timeframe`,
    )
    .all(UNKNOWN_SOURCE) as Omit<SeriesListing, 'gaps' | 'missingBars'>[];
  const holes = db.prepare(
    `SELECT COUNT(*) AS gaps, COALESCE(SUM(step / ? - 1), 0) AS missing FROM (
       SELECT time - LAG(time) OVER (ORDER BY time) AS step FROM candles WHERE symbol = ? AND timeframe = ?
     ) WHERE step > ?`,
  );
  return series.map((s) => {
    if (!isTimeframe(s.timeframe)) return { ...s, gaps: 0, missingBars: 0 };
    const bar = timeframeMs(s.timeframe);
    const h = holes.get(bar, s.symbol, s.timeframe, bar) as { gaps: number; missing: number };
    return { ...s, gaps: h.gaps, missingBars: Math.round(h.missing) };
  });
}
