import { describe, expect, it } from 'vitest';
import { sharpeDifference, type SharpeDifference } from '../../src/backtest/metrics/index.js';
import { seededRng } from '../../src/domain/random.js';
import { promotionDecision } from '../../src/optimize/promotion.js';

const diff = (a: number, b: number, low: number, high: number): SharpeDifference => ({
  a,
  b,
  difference: a - b,
  low,
  high,
  level: 0.95,
  samples: 2000,
  meanBlock: 480,
});

/** Hourly returns over two years: a strategy with a drift, and one that holds the same positions less profitably. */
function walkForward(seed: number, candidateDrift: number, ruleDrift: number) {
  const rng = seededRng(seed);
  const n = 2 * 8760;
  const common = Float64Array.from({ length: n }, () => (rng.next() - 0.5) * 0.02);
  const rule = Float64Array.from(common, (r) => r + ruleDrift);
  const candidate = Float64Array.from(common, (r) => 0.8 * r + candidateDrift + (rng.next() - 0.5) * 0.002);
  return sharpeDifference(candidate, rule, { barsPerYear: 8766, meanBlock: 480, samples: 500, level: 0.95, rng: seededRng(seed + 1) });
}

describe('promotion: only what the walk-forward supports', () => {
  it('refuses a candidate whose walk-forward does not beat the rule-based strategy, and says why in one line', () => {
    const worse = walkForward(1, 0.00002, 0.0001);
    expect(worse.difference).toBeLessThan(0);
    const d = promotionDecision({ rule: worse, trades: 300, minTrades: 50 });
    expect(d.promote).toBe(false);
    expect(d.reason).toMatch(
      /^not promoted, stays on the rule-based strategy: walk-forward Sharpe -?\d+\.\d\d vs \d+\.\d\d for the rule-based strategy, difference -\d+\.\d\d, 95% interval \[-?\d+\.\d\d, -?\d+\.\d\d\], 300 trades/,
    );
    expect(d.reason).not.toMatch(/\n/);
  });

  it('refuses a candidate that is better only by noise: the interval must lie above 0', () => {
    const d = promotionDecision({ rule: diff(1.05, 0.95, -0.3, 0.5), trades: 300, minTrades: 50 });
    expect(d.promote).toBe(false);
    expect(d.reason).toMatch(/does not lie above 0/);
  });

  it('refuses a walk-forward with too few trades to mean anything, however good', () => {
    const d = promotionDecision({ rule: diff(3, 0.9, 1.2, 3.4), trades: 12, minTrades: 50 });
    expect(d.promote).toBe(false);
    expect(d.reason).toMatch(/, 12 trades; 12 trades are fewer than the 50 needed to judge$/);
    // Both shortfalls are named when both hold.
    const both = promotionDecision({ rule: diff(0.13, 0.98, -2.47, 0.34), trades: 24, minTrades: 50 });
    expect(both.reason).toBe(
      'not promoted, stays on the rule-based strategy: walk-forward Sharpe 0.13 vs 0.98 for the rule-based strategy, difference -0.85, 95% interval [-2.47, 0.34], 24 trades; the interval does not lie above 0, and 24 trades are fewer than the 50 needed to judge',
    );
  });

  it('promotes a candidate that beats the rule-based strategy beyond the interval, with enough trades', () => {
    const better = walkForward(3, 0.00012, 0.00002);
    expect(better.low).toBeGreaterThan(0);
    const d = promotionDecision({ rule: better, trades: 120, minTrades: 50 });
    expect(d).toMatchObject({ promote: true });
    expect(d.reason).toMatch(/^promoted: walk-forward Sharpe/);
  });

  it('keeps production when the candidate beats the rule but not production on the folds after its training', () => {
    const d = promotionDecision({
      rule: diff(1.5, 0.8, 0.2, 1.2),
      trades: 200,
      minTrades: 50,
      production: { version: 'v3', judged: diff(1.4, 1.35, -0.4, 0.5), folds: 2 },
    });
    expect(d.promote).toBe(false);
    expect(d.reason).toMatch(/^kept production v3: .* but not production: on the 2 folds after its training, Sharpe 1\.40 vs production v3's 1\.35/);
    const beats = promotionDecision({
      rule: diff(1.5, 0.8, 0.2, 1.2),
      trades: 200,
      minTrades: 50,
      production: { version: 'v3', judged: diff(1.6, 0.9, 0.1, 1.3), folds: 1 },
    });
    expect(beats.promote).toBe(true);
    expect(beats.reason).toMatch(/on the 1 fold after its training/);
  });

  it('says so when production cannot be judged fairly, and judges the candidate against the rule alone', () => {
    const d = promotionDecision({
      rule: diff(1.5, 0.8, 0.2, 1.2),
      trades: 200,
      minTrades: 50,
      production: { version: 'v3', notJudged: 'its training data reaches 2025-06-01, after the last fold started (2024-07-01)' },
    });
    expect(d.promote).toBe(true);
    expect(d.reason).toMatch(/production v3 not judged: its training data reaches 2025-06-01/);
    const refused = promotionDecision({ rule: diff(0.5, 0.8, -0.6, 0.1), trades: 200, minTrades: 50, production: { version: 'v3', notJudged: 'x' } });
    expect(refused.reason).toMatch(/^kept production v3: /);
  });
});
