import { describe, expect, it } from 'vitest';
import { annualisedSharpe, sizedDailyReturns, tierSize } from '../../src/optimize/tradingValue.js';

const DAY = 86_400_000;
const TIERS = [
  { minConfidence: 0.9, size: 1 },
  { minConfidence: 0.8, size: 0.8 },
  { minConfidence: 0.7, size: 0.5 },
  { minConfidence: 0.65, size: 0.3 },
];

describe('the trading value of a horizon', () => {
  it('sizes a probability by the risk tiers, nothing below the lowest', () => {
    expect([0.95, 0.9, 0.85, 0.72, 0.66, 0.649, 0.2].map((p) => tierSize(p, TIERS))).toEqual([1, 1, 0.8, 0.5, 0.3, 0, 0]);
  });

  it('trades each asset in a sleeve of 1/n, holding exposure x size to the next decision, paying the cost of every change', () => {
    const cost = 0.003;
    const daily = sizedDailyReturns(
      [
        // Day 0: long 0.8 x size 0.5 = 0.4 of the sleeve, up 10%; day 1: same size (a drifted weight is topped up), down 5%; day 2: flat.
        { time: [0, DAY, 2 * DAY], signed: [0.8, 0.8, 0], nextReturn: [0.1, -0.05, 0.02], size: [0.5, 0.5, 1] },
        // The other asset never trades.
        { time: [0, DAY, 2 * DAY], signed: [1, 1, 1], nextReturn: [0.2, 0.2, 0.2], size: [0, 0, 0] },
      ],
      cost,
    );
    const w = 0.5 * 0.4;
    expect(daily[0]).toBeCloseTo(w * 0.1 - cost * w, 12);
    expect(daily[1]).toBeCloseTo(w * -0.05 - cost * Math.abs(w - w * 1.1), 12);
    expect(daily[2]).toBeCloseTo(-cost * w * 0.95, 12);
  });

  it('annualises the Sharpe ratio of daily returns, 0 for a flat record', () => {
    expect(annualisedSharpe([0, 0, 0])).toBe(0);
    expect(annualisedSharpe([0.01, 0.03])).toBeCloseTo((0.02 / Math.SQRT2 / 0.01) * Math.sqrt(365), 9);
  });
});
