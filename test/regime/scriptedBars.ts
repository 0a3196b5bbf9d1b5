import type { Bar } from '../../src/domain/bar.js';
import { seededRng } from '../../src/domain/random.js';

/**
 * Synthetic bars for unit tests of the rules' mechanics only (never market data): hourly bars whose
 * open is the previous close and whose wicks reach `wick` beyond the body.
 */
export function barsFromCloses(closes: readonly number[], wick = 0.001): Bar[] {
  return closes.map((close, i) => {
    const open = i > 0 ? (closes[i - 1] as number) : close;
    return {
      time: i * 3_600_000,
      open,
      high: Math.max(open, close) * (1 + wick),
      low: Math.min(open, close) * (1 - wick),
      close,
      volume: 1,
    };
  });
}

/**
 * A seeded geometric random walk with `sigma` log volatility per bar and `drift` (in sigmas) per bar;
 * each bar is 12 sub-steps so its high and low are those of a path, not just of the two closes.
 */
export function randomWalkBars(seed: number, n: number, drift = 0, sigma = 0.01): Bar[] {
  const rng = seededRng(seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());
  const steps = 12;
  const bars: Bar[] = [];
  let close = 100;
  for (let i = 0; i < n; i++) {
    const open = close;
    let high = open;
    let low = open;
    let x = open;
    for (let k = 0; k < steps; k++) {
      x *= Math.exp((drift * sigma) / steps + (sigma * gauss()) / Math.sqrt(steps));
      if (x > high) high = x;
      if (x < low) low = x;
    }
    close = x;
    bars.push({ time: i * 3_600_000, open, high, low, close, volume: 1 });
  }
  return bars;
}

/** Share of each label among the defined ones. */
export function shares<R extends string>(labels: readonly (R | undefined)[]): Partial<Record<R, number>> {
  const counts: Partial<Record<R, number>> = {};
  let n = 0;
  for (const r of labels) {
    if (r === undefined) continue;
    counts[r] = (counts[r] ?? 0) + 1;
    n++;
  }
  for (const k of Object.keys(counts) as R[]) counts[k] = (counts[k] as number) / n;
  return counts;
}

/** Bars at which the label differs from the previous bar's (both defined). */
export function switchCount(labels: readonly (string | undefined)[]): number {
  let s = 0;
  for (let i = 1; i < labels.length; i++) {
    const a = labels[i - 1];
    const b = labels[i];
    if (a !== undefined && b !== undefined && a !== b) s++;
  }
  return s;
}
