import { describe, expect, test } from 'vitest';
import { tradesToCandles } from '../../src/data/tradesToCandles.js';

const T0 = Date.parse('2025-03-01T00:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;

describe('tradesToCandles', () => {
  test('open is the first trade, close the last, high and low the extremes, volume the sum', () => {
    const bars = tradesToCandles(
      [
        { time: T0 + 1 * MIN, price: 100, amount: 1 },
        { time: T0 + 10 * MIN, price: 104, amount: 0.5 },
        { time: T0 + 20 * MIN, price: 97, amount: 2 },
        { time: T0 + 59 * MIN, price: 101, amount: 0.25 },
      ],
      '1h',
    );
    expect(bars).toEqual([{ time: T0, open: 100, high: 104, low: 97, close: 101, volume: 3.75 }]);
  });

  test('hours without trades have no bar; a trade on the boundary opens the next bar', () => {
    const bars = tradesToCandles(
      [
        { time: T0 + 5 * MIN, price: 10, amount: 1 },
        { time: T0 + HOUR, price: 11, amount: 2 },
        { time: T0 + 3 * HOUR + 1, price: 9, amount: 3 },
      ],
      '1h',
    );
    expect(bars.map((b) => [b.time - T0, b.open, b.close, b.volume])).toEqual([
      [0, 10, 10, 1],
      [HOUR, 11, 11, 2],
      [3 * HOUR, 9, 9, 3],
    ]);
  });

  test('buckets follow the timeframe', () => {
    const trades = [0, 4, 5, 14, 15].map((m, i) => ({ time: T0 + m * MIN, price: 100 + i, amount: 1 }));
    expect(tradesToCandles(trades, '5m').map((b) => [(b.time - T0) / MIN, b.volume])).toEqual([
      [0, 2],
      [5, 1],
      [10, 1],
      [15, 1],
    ]);
    expect(tradesToCandles(trades, '15m').map((b) => [(b.time - T0) / MIN, b.open, b.close])).toEqual([
      [0, 100, 103],
      [15, 104, 104],
    ]);
  });

  test('no trades, no bars', () => {
    expect(tradesToCandles([], '1h')).toEqual([]);
  });

  test('unsorted trades are refused rather than silently mis-bucketed', () => {
    expect(() =>
      tradesToCandles(
        [
          { time: T0 + HOUR, price: 1, amount: 1 },
          { time: T0, price: 1, amount: 1 },
        ],
        '1h',
      ),
    ).toThrow(/not sorted/);
  });
});
