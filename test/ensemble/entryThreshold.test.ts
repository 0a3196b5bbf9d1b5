import { describe, expect, it } from 'vitest';
import { chooseEntryThreshold, NEVER, thresholdGrid } from '../../src/ensemble/entryThreshold.js';

const TIERS = [
  { minConfidence: 0.9, size: 1 },
  { minConfidence: 0.8, size: 0.8 },
  { minConfidence: 0.7, size: 0.5 },
  { minConfidence: 0.65, size: 0.3 },
];
const GRID = thresholdGrid(TIERS);
const COST = 0.006;

/** `n` validation trades with the ensemble's probability `p` that each earned `r` before costs. */
const rows = (n: number, p: number, r: number) => Array.from({ length: n }, () => ({ p, r }));

describe('entry thresholds', () => {
  it('the grid starts at the lowest risk tier and ends at the highest: nothing below 0.65 is ever tried', () => {
    expect(GRID).toEqual([0.65, 0.7, 0.75, 0.8, 0.85, 0.9]);
    expect(thresholdGrid([{ minConfidence: 0.6 }, { minConfidence: 0.55 }])).toEqual([0.55, 0.6]);
  });

  it('never trades below the lowest tier, however good the rows below it were', () => {
    // Trades at 0.6 earned a lot; at 0.66 a little. Only the second may set the threshold.
    const book = [...rows(200, 0.6, 0.05), ...rows(40, 0.66, 0.008)];
    const chosen = chooseEntryThreshold(
      book.map((x) => x.p),
      book.map((x) => x.r),
      COST,
      GRID,
    );
    expect(chosen.threshold).toBe(0.65);
    expect(chosen.trades).toBe(40);
    expect(chosen.meanNet).toBeCloseTo(0.002, 12);
  });

  it('takes the threshold with the best mean after costs among those with enough trades', () => {
    // 40 trades at 0.68 losing 0.2% net, 40 at 0.78 earning 0.4%, 20 at 0.92 earning 2%.
    const book = [...rows(40, 0.68, 0.004), ...rows(40, 0.78, 0.01), ...rows(20, 0.92, 0.026)];
    const chosen = chooseEntryThreshold(
      book.map((x) => x.p),
      book.map((x) => x.r),
      COST,
      GRID,
    );
    // 0.65: (-0.08 + 0.16 + 0.4) / 100; 0.70 and 0.75: (0.16 + 0.4) / 60, the best (a tie goes to the lower,
    // more trades); 0.80 on: 20 trades, too few.
    expect(chosen.threshold).toBe(0.7);
    expect(chosen.trades).toBe(60);
    expect(chosen.meanNet).toBeCloseTo(0.56 / 60, 12);
  });

  it('never accepts a threshold whose trades lost on average after costs: then no trade at all', () => {
    const book = [...rows(60, 0.7, 0.004), ...rows(60, 0.85, 0.005)];
    const chosen = chooseEntryThreshold(
      book.map((x) => x.p),
      book.map((x) => x.r),
      COST,
      GRID,
    );
    expect(chosen).toEqual({ threshold: NEVER, trades: 0, meanNet: 0 });
    expect(chosen.threshold).toBeGreaterThan(1);
  });

  it('skips rows without a probability or a return', () => {
    const book = rows(40, 0.7, 0.01);
    const p = [...book.map((x) => x.p), Number.NaN, 0.9];
    const r = [...book.map((x) => x.r), 0.5, Number.NaN];
    expect(chooseEntryThreshold(p, r, COST, GRID)).toEqual(
      chooseEntryThreshold(
        book.map((x) => x.p),
        book.map((x) => x.r),
        COST,
        GRID,
      ),
    );
  });
});
