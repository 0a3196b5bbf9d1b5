import type { Bar } from '../../domain/bar.js';
import { FatalError } from '../../internal/errors.js';

/** OHLCV as parallel columns (Float64Array or plain arrays), time = bar open in epoch ms. */
export interface OhlcvColumns {
  readonly time: ArrayLike<number>;
  readonly open: ArrayLike<number>;
  readonly high: ArrayLike<number>;
  readonly low: ArrayLike<number>;
  readonly close: ArrayLike<number>;
  readonly volume: ArrayLike<number>;
}

/** Candles oldest first, as Bar objects or as columns. */
export type BarSeries = readonly Bar[] | OhlcvColumns;

/** A Bar whose fields are overwritten bar after bar: one object for the whole loop. */
export interface MutableBar {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export function emptyBar(): MutableBar {
  return { time: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };
}

export function isColumns(s: BarSeries): s is OhlcvColumns {
  return !Array.isArray(s);
}

export function seriesLength(s: BarSeries): number {
  return isColumns(s) ? s.time.length : s.length;
}

export function copyBar(b: Bar, into: MutableBar): MutableBar {
  into.time = b.time;
  into.open = b.open;
  into.high = b.high;
  into.low = b.low;
  into.close = b.close;
  into.volume = b.volume;
  return into;
}

/** Copy bar `i` of the series into `into`. */
export function readBar(s: BarSeries, i: number, into: MutableBar): MutableBar {
  if (isColumns(s)) {
    into.time = s.time[i] as number;
    into.open = s.open[i] as number;
    into.high = s.high[i] as number;
    into.low = s.low[i] as number;
    into.close = s.close[i] as number;
    into.volume = s.volume[i] as number;
    return into;
  }
  return copyBar(s[i] as Bar, into);
}

export function toColumns(bars: readonly Bar[]): OhlcvColumns {
  const n = bars.length;
  const c = {
    time: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  bars.forEach((b, i) => {
    c.time[i] = b.time;
    c.open[i] = b.open;
    c.high[i] = b.high;
    c.low[i] = b.low;
    c.close[i] = b.close;
    c.volume[i] = b.volume;
  });
  return c;
}

/**
 * Refuse what would silently corrupt every later value: time not increasing, or a price that is not a
 * positive finite number. The store and the importers already refuse these, so here it is a broken invariant.
 */
export function checkBar(bar: Bar, previousTime: number, what: string): void {
  if (!(bar.time > previousTime)) {
    throw new FatalError(`${what}: bar at ${bar.time} does not come after the previous one (${previousTime}); bars must be sorted and unique`);
  }
  if (!(bar.open > 0 && bar.high > 0 && bar.low > 0 && bar.close > 0 && bar.volume >= 0) || !Number.isFinite(bar.high + bar.volume)) {
    throw new FatalError(`${what}: bar at ${new Date(bar.time).toISOString()} has a price that is not a positive finite number or a negative volume`);
  }
}
