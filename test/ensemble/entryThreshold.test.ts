import { describe, expect, it } from 'vitest';
import { chooseEntryThreshold, THRESHOLD_GRID } from '../../src/ensemble/entryThreshold.js';

/** `n` validation rows with P(up) `p` and forward log return `r`. */
const rows = (n: number, p: number, r: number) => Array.from({ length: n }, () => ({ p, r }));

/**
 * Validation rows whose trades at each grid threshold are known by hand (cost 0.001 a round trip):
 *   A  40 longs at 0.58 that lose 0.001          trade from 0.55
 *   B  40 shorts at 0.64 (P(up) 0.36), price falls 0.004: the short earns it   from 0.55, 0.60
 *   C  40 longs at 0.67 that earn 0.002          from 0.55 .. 0.65
 *   D  20 longs at 0.85 that earn 0.010          from 0.55 .. 0.80
 */
const book = [...rows(40, 0.58, -0.001), ...rows(40, 0.36, -0.004), ...rows(40, 0.67, 0.002), ...rows(20, 0.85, 0.01)];
const p = book.map((x) => x.p);
const r = book.map((x) => x.r);
const COST = 0.001;
const negated = r.map((x) => -x);

describe('chooseEntryThreshold', () => {
  it('takes the threshold with the best mean return after costs among those with enough trades', () => {
    // 0.55: (-0.08 + 0.12 + 0.04 + 0.18) / 140; 0.60: 0.34 / 100; 0.65: 0.22 / 60 (the best); 0.70 on: D alone, 20 trades.
    const chosen = chooseEntryThreshold(p, r, COST);
    expect(chosen.threshold).toBe(0.65);
    expect(chosen.trades).toBe(60);
    expect(chosen.meanNet).toBeCloseTo(0.22 / 60, 12);
  });

  it('counts a short by the return of the fall it called', () => {
    // B alone: 40 shorts, each earning 0.004 - 0.001.
    const chosen = chooseEntryThreshold(p.slice(40, 80), r.slice(40, 80), COST);
    expect(chosen).toEqual({ threshold: 0.55, trades: 40, meanNet: expect.closeTo(0.003, 12) });
  });

  it('ignores a threshold with fewer than minTrades trades, however good', () => {
    // With 20 trades enough, D alone at 0.70 (0.009 a trade) wins.
    expect(chooseEntryThreshold(p, r, COST, 20)).toEqual({ threshold: 0.7, trades: 20, meanNet: expect.closeTo(0.009, 12) });
  });

  it('never trades a known losing edge: when no threshold has a positive mean, the threshold is above 1', () => {
    // Every edge reversed: every threshold with enough trades loses on average.
    const never = chooseEntryThreshold(p, negated, COST);
    expect(never.threshold).toBeGreaterThan(1);
    expect(never.trades).toBe(0);
    expect(Math.max(...p.map((x) => Math.max(x, 1 - x)))).toBeLessThan(never.threshold);
    // Costs alone can take the edge away.
    expect(chooseEntryThreshold(p, r, 0.01).threshold).toBeGreaterThan(1);
  });

  it('does not settle for the best of losing thresholds when the only winners have too few trades', () => {
    // A, now losing 0.01 a trade, and D: only 0.55 has 30 trades, (40 x -0.011 + 20 x 0.009) / 60 < 0.
    const pa = [...p.slice(0, 40), ...p.slice(120)];
    const losing = [...r.slice(0, 40).map(() => -0.01), ...r.slice(120)];
    const chosen = chooseEntryThreshold(pa, losing, COST);
    expect(chosen.threshold).toBeGreaterThan(1);
    expect(chosen.trades).toBe(0);
  });

  it('skips rows without a probability or a return, and a coin flip', () => {
    const withGaps = [...p, Number.NaN, 0.9, 0.9, 0.5];
    const returns = [...r, 0.05, Number.NaN, Number.POSITIVE_INFINITY, 0.05];
    expect(chooseEntryThreshold(withGaps, returns, COST)).toEqual(chooseEntryThreshold(p, r, COST));
    // P(up) 0.5 calls no direction, even on a grid that starts there.
    const flips = rows(40, 0.5, -0.05); // a short would have won: still no trade
    expect(chooseEntryThreshold(flips.map((x) => x.p), flips.map((x) => x.r), 0, 1, [0.5]).trades).toBe(0);
  });

  it('chooses from the documented grid by default', () => {
    expect(THRESHOLD_GRID).toEqual([0.55, 0.6, 0.65, 0.7, 0.75, 0.8]);
  });
});
