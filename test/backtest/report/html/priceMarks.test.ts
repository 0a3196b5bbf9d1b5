import { describe, expect, it } from 'vitest';
import { priceChartData } from '../../../../src/backtest/report/html/priceMarks.js';
import { monthlyReturns } from '../../../../src/backtest/report/monthlyReturns.js';
import { increasedClosed, increasedFills, increasedInput, T0, X, Y } from '../increasedRun.js';

describe('the price chart of an asset: a mark per fill by what it did, the stop and take-profit levels', () => {
  const closes = increasedInput().closes.get(X)!;
  // The venue's positions as they closed: p1 with its stop, p2 with its take-profit.
  const closed = increasedClosed.map((c) => ({
    ...c,
    position: { ...c.position, ...(c.position.id === 'p1' ? { stopPrice: 118 } : { takeProfitPrice: 100 }) },
  }));

  it('entries, adds, the reduction, the stop-out and the take-profit, at their bars and prices; buys up, sells down', () => {
    const d = priceChartData(X, closes, increasedFills, closed);
    expect(d.marks).toEqual({
      entry: [
        [1, 110, 1],
        [4, 125, -1],
        [5, 94, 1],
      ],
      add: [
        [2, 120, 1],
        [3, 130, 1],
      ],
      reduce: [[4, 125, -1]],
      exit: [],
      stop: [[5, 120, -1]],
      takeProfit: [[5, 100, 1]],
      liquidation: [],
    });
    expect(d.stops).toEqual([[1, 5, 118]]);
    expect(d.takeProfits).toEqual([[4, 5, 100]]);
    expect(d.t0).toBe(T0 / 1000);
    expect(d.dt).toEqual([3600, 3600, 3600, 3600, 3600]);
    expect(d.close).toEqual([100, 110, 120, 130, 125, 95]);
  });

  it('a close that ends its position is its exit; an asset without fills has no marks', () => {
    const asExit = increasedFills.map((f) => (f.effect === 'stop' ? { ...f, effect: 'close' as const } : f));
    expect(priceChartData(X, closes, asExit, closed).marks.exit).toEqual([[5, 120, -1]]);
    const y = priceChartData(Y, increasedInput().closes.get(Y)!, increasedFills, closed);
    expect(Object.values(y.marks).flat()).toEqual([]);
    expect(y.stops).toEqual([]);
  });
});

describe('monthly returns of an equity curve', () => {
  it('each month from the last equity of the one before (the first from the start), UTC', () => {
    const at = (y: number, m: number, d: number, equity: number) => ({ time: Date.UTC(y, m, d), equity });
    const curve = [at(2024, 0, 15, 100), at(2024, 0, 31, 110), at(2024, 1, 10, 99), at(2024, 1, 29, 121), at(2025, 0, 1, 121)];
    const r = monthlyReturns(curve);
    expect(r.map((m) => [m.year, m.month])).toEqual([
      [2024, 0],
      [2024, 1],
      [2025, 0],
    ]);
    expect(r[0]!.value).toBeCloseTo(0.1, 12);
    expect(r[1]!.value).toBeCloseTo(0.1, 12);
    expect(r[2]!.value).toBe(0);
  });
});
