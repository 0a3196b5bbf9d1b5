import { timeframeMs, type Timeframe } from '../domain/timeframe.js';

const DAY_MS = 86_400_000;

/**
 * A duration in days as a bar count on timeframe `tf`, never below `minBars`: windows that mean a span
 * of time (a day of returns, a month of history) keep their meaning on 5m or 4h bars, and the floor
 * keeps enough samples on daily bars for the statistic to mean anything.
 */
export function daysToBars(days: number, tf: Timeframe, minBars: number): number {
  return Math.max(minBars, Math.round((days * DAY_MS) / timeframeMs(tf)));
}
