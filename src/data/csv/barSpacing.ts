import { TIMEFRAMES, timeframeMs } from '../../domain/timeframe.js';

/** How people read an interval: a timeframe's name where it is one. */
export function spacingText(ms: number): string {
  const tf = TIMEFRAMES.find((t) => timeframeMs(t) === ms);
  if (tf) return tf;
  const minutes = ms / 60_000;
  return Number.isInteger(minutes) ? `${minutes} minutes` : `${ms / 1000} seconds`;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * The spacing of a file's bars: the greatest common divisor of the intervals between consecutive bar
 * times. Bars on the timeframe's boundaries are not enough: an hourly file is also on 5-minute
 * boundaries, and stored as 5m bars it would be wrong by a factor of twelve. Missing bars (outages,
 * hours without trades) leave the divisor as it is; only a file whose every interval is a multiple of
 * something coarser than the timeframe has a coarser spacing. The other way round, a file whose bars
 * mostly follow each other closer than the timeframe is finer than it.
 */
export class BarSpacing {
  private previous: number | undefined;
  private divisor = 0;
  private intervals = 0;
  private shorter = 0;

  constructor(private readonly barMs: number) {}

  add(time: number): void {
    const prev = this.previous;
    this.previous = time;
    if (prev === undefined || time <= prev) return;
    this.divisor = gcd(time - prev, this.divisor);
    this.intervals++;
    if (time - prev < this.barMs) this.shorter++;
  }

  /** The file's spacing (ms) when it does not fit the timeframe (judged from two intervals on), else undefined. */
  mismatch(): number | undefined {
    if (this.intervals < 2) return undefined;
    return this.divisor > this.barMs || this.shorter * 2 > this.intervals ? this.divisor : undefined;
  }
}
