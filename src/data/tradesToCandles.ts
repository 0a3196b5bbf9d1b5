import type { Bar } from '../domain/bar.js';
import { barOpenTime, type Timeframe } from '../domain/timeframe.js';

export interface TradeTick {
  /** Epoch ms. */
  readonly time: number;
  readonly price: number;
  readonly amount: number;
}

/**
 * Candles of `timeframe` from trades sorted by time: open is the first trade of the bucket, close the
 * last, volume the sum of amounts. A bucket without trades has no bar (nothing is filled in).
 */
export function tradesToCandles(trades: readonly TradeTick[], timeframe: Timeframe): Bar[] {
  const bars: Bar[] = [];
  let cur: { time: number; open: number; high: number; low: number; close: number; volume: number } | undefined;
  let previous = -Infinity;
  for (const t of trades) {
    if (t.time < previous) throw new RangeError(`trades are not sorted by time (${t.time} after ${previous})`);
    previous = t.time;
    const open = barOpenTime(t.time, timeframe);
    if (cur && cur.time === open) {
      if (t.price > cur.high) cur.high = t.price;
      if (t.price < cur.low) cur.low = t.price;
      cur.close = t.price;
      cur.volume += t.amount;
      continue;
    }
    if (cur) bars.push(cur);
    cur = { time: open, open: t.price, high: t.price, low: t.price, close: t.price, volume: t.amount };
  }
  if (cur) bars.push(cur);
  return bars;
}
