import type { CsvBar } from '../sharedData.js';
import { tradesOfBar, type SyntheticTrade } from './syntheticTrades.js';

/** One symbol's candles at one interval, sorted by open time, with lookups by time. */
export class CandleSeries {
  constructor(
    readonly bars: readonly CsvBar[],
    readonly intervalMs: number,
  ) {}

  /** Index of the last bar opening at or before `time`; -1 when none does. */
  indexAtOrBefore(time: number): number {
    let lo = 0;
    let hi = this.bars.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((this.bars[mid] as CsvBar).time <= time) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  trades(index: number): SyntheticTrade[] {
    const bar = this.bars[index];
    return bar ? tradesOfBar(bar, this.intervalMs) : [];
  }
}

/** A bar as seen at `now`: complete, or the unfinished bar built from the trades so far. */
export interface ServedBar {
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly vwap: number;
  readonly volume: number;
  readonly count: number;
}

export function aggregate(time: number, trades: readonly SyntheticTrade[], flatPrice: number): ServedBar {
  if (trades.length === 0) {
    return { time, open: flatPrice, high: flatPrice, low: flatPrice, close: flatPrice, vwap: flatPrice, volume: 0, count: 0 };
  }
  let high = -Infinity;
  let low = Infinity;
  let volume = 0;
  let notional = 0;
  for (const t of trades) {
    high = Math.max(high, t.price);
    low = Math.min(low, t.price);
    volume += t.volume;
    notional += t.price * t.volume;
  }
  const open = (trades[0] as SyntheticTrade).price;
  const close = (trades[trades.length - 1] as SyntheticTrade).price;
  return { time, open, high, low, close, vwap: notional / volume, volume, count: trades.length };
}
