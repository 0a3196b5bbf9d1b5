import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../src/domain/bar.js';
import { checkSeries } from '../../../src/data/quality/index.js';

// Synthetic bars: these tests are about the counting, not about any market.
const H = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);
const bar = (hour: number, over: Partial<Bar> = {}): Bar => ({ time: T0 + hour * H, open: 10, high: 11, low: 9, close: 10.5, volume: 5, ...over });
const hours = (...hs: number[]) => hs.map((h) => bar(h));

describe('checkSeries', () => {
  it('finds nothing wrong in an unbroken series', () => {
    const r = checkSeries(hours(0, 1, 2, 3), { timeframe: '1h' });
    expect(r).toMatchObject({ first: T0, last: T0 + 3 * H, count: 4, expected: 4, from: T0, to: T0 + 4 * H });
    expect(r.gaps).toEqual({ count: 0, missingBars: 0, largest: [] });
    expect(r.misaligned.count + r.zeroVolume.count + r.ohlcViolations.count).toBe(0);
  });

  it('names each gap by its first and last missing bar, largest first', () => {
    const r = checkSeries(hours(0, 2, 3, 7, 8, 10), { timeframe: '1h' });
    expect(r.count).toBe(6);
    expect(r.expected).toBe(11);
    expect(r.gaps.count).toBe(3);
    expect(r.gaps.missingBars).toBe(5);
    expect(r.gaps.largest).toEqual([
      { from: T0 + 4 * H, to: T0 + 6 * H, missing: 3 },
      { from: T0 + 1 * H, to: T0 + 1 * H, missing: 1 },
      { from: T0 + 9 * H, to: T0 + 9 * H, missing: 1 },
    ]);
  });

  it('keeps only the largest gaps it was asked for, but counts them all', () => {
    const r = checkSeries(hours(0, 2, 5, 9, 14), { timeframe: '1h', largestGaps: 2 });
    expect(r.gaps.count).toBe(4);
    expect(r.gaps.missingBars).toBe(1 + 2 + 3 + 4);
    expect(r.gaps.largest.map((g) => g.missing)).toEqual([4, 3]);
  });

  it('counts the missing start and end of an asked-for range, whose end is excluded', () => {
    const r = checkSeries(hours(3, 4), { timeframe: '1h', from: T0, to: T0 + 8 * H });
    expect(r).toMatchObject({ from: T0, to: T0 + 8 * H, count: 2, expected: 8 });
    expect(r.gaps.largest).toEqual([
      { from: T0, to: T0 + 2 * H, missing: 3 },
      { from: T0 + 5 * H, to: T0 + 7 * H, missing: 3 },
    ]);
    expect(r.gaps.missingBars).toBe(r.expected - r.count);
  });

  it('reports open times off the timeframe grid, zero-volume bars and OHLC violations', () => {
    const bars = [
      bar(0),
      bar(1, { volume: 0 }),
      { ...bar(2), time: T0 + 2 * H + 60_000 },
      bar(3, { high: 8 }),
      bar(4, { open: 12 }),
      bar(5, { close: 8.5 }),
      bar(6, { low: 0 }),
      bar(7, { volume: -1 }),
    ];
    const r = checkSeries(bars, { timeframe: '1h' });
    expect(r.misaligned).toEqual({ count: 1, sample: [T0 + 2 * H + 60_000] });
    expect(r.zeroVolume).toEqual({ count: 1, sample: [T0 + H] });
    expect(r.ohlcViolations.count).toBe(5);
    expect(r.ohlcViolations.sample.map((v) => [v.bar.time, v.kind])).toEqual([
      [T0 + 3 * H, 'high-below-low'],
      [T0 + 4 * H, 'open-outside-range'],
      [T0 + 5 * H, 'close-outside-range'],
      [T0 + 6 * H, 'non-positive-price'],
      [T0 + 7 * H, 'negative-volume'],
    ]);
    expect(r.gaps.count).toBe(0);
  });

  it('lists a few examples of each finding and counts the rest', () => {
    const bars = Array.from({ length: 30 }, (_, h) => bar(h, { volume: 0 }));
    const r = checkSeries(bars, { timeframe: '1h', sample: 3 });
    expect(r.zeroVolume).toEqual({ count: 30, sample: [T0, T0 + H, T0 + 2 * H] });
  });

  it('counts slots of the timeframe asked for', () => {
    const r = checkSeries(hours(0, 4, 12), { timeframe: '4h' });
    expect(r).toMatchObject({ count: 3, expected: 4 });
    expect(r.gaps.largest).toEqual([{ from: T0 + 8 * H, to: T0 + 8 * H, missing: 1 }]);
  });

  it('reads a one-shot iterable once', () => {
    function* gen(): Generator<Bar> {
      yield* hours(0, 1, 3);
    }
    expect(checkSeries(gen(), { timeframe: '1h' }).gaps.missingBars).toBe(1);
  });

  it('reports an empty series as empty, and refuses bars out of order', () => {
    expect(checkSeries([], { timeframe: '1h' })).toMatchObject({ count: 0, first: null, last: null, expected: 0 });
    expect(checkSeries([], { timeframe: '1h', from: T0, to: T0 + 2 * H })).toMatchObject({ count: 0, expected: 2, gaps: { count: 1, missingBars: 2 } });
    expect(() => checkSeries(hours(1, 0), { timeframe: '1h' })).toThrow(RangeError);
  });
});
