import type { Bar } from '../../domain/bar.js';
import { timeframeMs, type Timeframe } from '../../domain/timeframe.js';
import type { Gap, OhlcViolation, OhlcViolationKind, SeriesReport } from './seriesReport.js';

export interface SeriesCheckOptions {
  readonly timeframe: Timeframe;
  /** Range start (inclusive); a gap before the first bar counts from here. */
  readonly from?: number;
  /** Range end (exclusive); a gap after the last bar counts up to here. */
  readonly to?: number;
  /** How many examples each finding lists (default 10). */
  readonly sample?: number;
  /** How many of the largest gaps to list (default 10). */
  readonly largestGaps?: number;
}

const ceilTo = (t: number, step: number) => Math.ceil(t / step) * step;
const floorTo = (t: number, step: number) => Math.floor(t / step) * step;

function violation(b: Bar): OhlcViolationKind | undefined {
  if (!(b.open > 0 && b.high > 0 && b.low > 0 && b.close > 0)) return 'non-positive-price';
  if (!(b.volume >= 0)) return 'negative-volume';
  if (b.high < b.low) return 'high-below-low';
  if (b.open < b.low || b.open > b.high) return 'open-outside-range';
  if (b.close < b.low || b.close > b.high) return 'close-outside-range';
  return undefined;
}

/**
 * Check a series of bars, oldest first, as the store returns them. Reads `bars` once, so a caller can
 * stream a long series page by page. Gaps are counted in whole bar slots of the timeframe.
 */
export function checkSeries(bars: Iterable<Bar>, options: SeriesCheckOptions): SeriesReport {
  const step = timeframeMs(options.timeframe);
  const sampleSize = options.sample ?? 10;
  const keepGaps = options.largestGaps ?? 10;
  const largest: Gap[] = [];
  let gapCount = 0;
  let missingBars = 0;
  const addGap = (from: number, to: number): void => {
    const missing = (to - from) / step + 1;
    if (missing <= 0) return;
    gapCount++;
    missingBars += missing;
    const gap = { from, to, missing };
    const at = largest.findIndex((g) => g.missing < missing);
    if (at >= 0) largest.splice(at, 0, gap);
    else largest.push(gap);
    if (largest.length > keepGaps) largest.pop();
  };

  let count = 0;
  let first: number | null = null;
  let last: number | null = null;
  let previousSlot: number | undefined;
  const misaligned: number[] = [];
  let misalignedCount = 0;
  const zeroVolume: number[] = [];
  let zeroVolumeCount = 0;
  const violations: OhlcViolation[] = [];
  let violationCount = 0;

  for (const bar of bars) {
    if (last !== null && bar.time <= last) {
      throw new RangeError(`checkSeries needs bars oldest first without repeats; ${bar.time} came after ${last}`);
    }
    count++;
    first ??= bar.time;
    last = bar.time;
    const slot = floorTo(bar.time, step);
    if (previousSlot === undefined) {
      if (options.from !== undefined) addGap(ceilTo(options.from, step), slot - step);
    } else {
      addGap(previousSlot + step, slot - step);
    }
    previousSlot = slot;
    if (slot !== bar.time && misalignedCount++ < sampleSize) misaligned.push(bar.time);
    if (bar.volume === 0 && zeroVolumeCount++ < sampleSize) zeroVolume.push(bar.time);
    const kind = violation(bar);
    if (kind && violationCount++ < sampleSize) violations.push({ kind, bar });
  }
  if (options.to !== undefined) {
    if (previousSlot !== undefined) addGap(previousSlot + step, ceilTo(options.to, step) - step);
    else if (options.from !== undefined) addGap(ceilTo(options.from, step), ceilTo(options.to, step) - step);
  }

  const rangeFrom = options.from ?? first;
  const rangeTo = options.to ?? (last === null ? null : floorTo(last, step) + step);
  const expected = rangeFrom === null || rangeTo === null ? 0 : Math.max(0, (ceilTo(rangeTo, step) - ceilTo(rangeFrom, step)) / step);
  return {
    timeframe: options.timeframe,
    from: rangeFrom,
    to: rangeTo,
    first,
    last,
    count,
    expected,
    gaps: { count: gapCount, missingBars, largest },
    misaligned: { count: misalignedCount, sample: misaligned },
    zeroVolume: { count: zeroVolumeCount, sample: zeroVolume },
    ohlcViolations: { count: violationCount, sample: violations },
  };
}
