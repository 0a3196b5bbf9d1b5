import { describe, expect, it } from 'vitest';
import { sharpeDifference, sharpeRatio } from '../../../src/backtest/metrics/index.js';
import { seededRng } from '../../../src/domain/random.js';

const OPTIONS = { barsPerYear: 8766, meanBlock: 48, samples: 400, level: 0.95 };

function returns(seed: number, n: number, drift: number): Float64Array {
  const rng = seededRng(seed);
  return Float64Array.from({ length: n }, () => drift + (rng.next() - 0.5) * 0.02);
}

describe('sharpeDifference: stationary bootstrap of paired returns', () => {
  it('gives the Sharpe ratios the report gives, and their difference', () => {
    const a = returns(1, 5000, 0.0005);
    const b = returns(2, 5000, 0.0001);
    const d = sharpeDifference(a, b, { ...OPTIONS, rng: seededRng(3) });
    expect(d.a).toBe(sharpeRatio(a, 8766));
    expect(d.b).toBe(sharpeRatio(b, 8766));
    expect(d.difference).toBe(d.a - d.b);
    expect(d.low).toBeLessThanOrEqual(d.difference);
    expect(d.high).toBeGreaterThanOrEqual(d.difference);
  });

  it('is deterministic for a seed', () => {
    const a = returns(1, 3000, 0.0002);
    const b = returns(2, 3000, 0.0001);
    expect(sharpeDifference(a, b, { ...OPTIONS, rng: seededRng(7) })).toEqual(sharpeDifference(a, b, { ...OPTIONS, rng: seededRng(7) }));
  });

  it('a strategy against itself: difference 0 and an interval of exactly 0 (the pairs are resampled together)', () => {
    const a = returns(4, 3000, 0.0003);
    const d = sharpeDifference(a, a, { ...OPTIONS, rng: seededRng(5) });
    expect([d.difference, d.low, d.high]).toEqual([0, 0, 0]);
  });

  it('a clear edge gives an interval above 0; two equally good noisy strategies an interval across 0', () => {
    const common = returns(6, 8000, 0.0001);
    const better = Float64Array.from(common, (r) => r + 0.0004);
    expect(sharpeDifference(better, common, { ...OPTIONS, rng: seededRng(7) }).low).toBeGreaterThan(0);
    const d = sharpeDifference(returns(8, 8000, 0.0002), returns(9, 8000, 0.0002), { ...OPTIONS, rng: seededRng(10) });
    expect(d.low).toBeLessThan(0);
    expect(d.high).toBeGreaterThan(0);
  });

  it('refuses unpaired series and a bad level', () => {
    expect(() => sharpeDifference(new Float64Array(10), new Float64Array(9), { ...OPTIONS, rng: seededRng(1) })).toThrow(/10 returns against 9/);
    expect(() => sharpeDifference(new Float64Array(10), new Float64Array(10), { ...OPTIONS, level: 1, rng: seededRng(1) })).toThrow(/level/);
  });
});
