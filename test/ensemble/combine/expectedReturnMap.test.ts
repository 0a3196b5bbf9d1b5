import { describe, expect, it } from 'vitest';
import { expectedReturnMapSchema, expectedReturnOf, fitExpectedReturnMap } from '../../../src/ensemble/combine/index.js';

describe('expected return from the calibrated P(up)', () => {
  // Eight validation rows, four buckets of two: mean P(up) 0.15, 0.35, 0.65, 0.85.
  const p = [0.9, 0.1, 0.7, 0.3, 0.2, 0.8, 0.4, 0.6];
  const r = [0.003, -0.002, 0.001, -0.001, -0.002, 0.003, -0.001, 0.001];

  it('is the mean forward return of each probability bucket, interpolated between them and flat beyond', () => {
    const map = fitExpectedReturnMap(p, r, 4);
    expect(map.kind === 'buckets' && map.count).toEqual([2, 2, 2, 2]);
    expect(map.kind === 'buckets' && map.x.map((x) => Number(x.toFixed(12)))).toEqual([0.15, 0.35, 0.65, 0.85]);
    expect(expectedReturnOf(map, 0.15)).toBeCloseTo(-0.002, 12);
    expect(expectedReturnOf(map, 0.5)).toBeCloseTo(0, 12);
    expect(expectedReturnOf(map, 0.75)).toBeCloseTo(0.002, 12);
    expect(expectedReturnOf(map, 0.99)).toBeCloseTo(0.003, 12);
    expect(expectedReturnOf(map, 0.01)).toBeCloseTo(-0.002, 12);
    expect(expectedReturnMapSchema.parse(map)).toEqual(map);
  });

  it('never promises less for a higher chance of up: a noisy bucket is pooled with its neighbour', () => {
    // The 0.35 bucket earned more than the 0.65 one: both get their count-weighted mean.
    const noisy = r.map((x, i) => (p[i] === 0.3 || p[i] === 0.4 ? 0.002 : x));
    const map = fitExpectedReturnMap(p, noisy, 4);
    expect(expectedReturnOf(map, 0.35)).toBeCloseTo(0.0015, 12);
    expect(expectedReturnOf(map, 0.65)).toBeCloseTo(0.0015, 12);
    const grid = Array.from({ length: 101 }, (_, i) => expectedReturnOf(map, i / 100));
    expect(grid.every((v, i) => i === 0 || v >= (grid[i - 1] as number))).toBe(true);
  });

  it('keeps equal probabilities in one bucket, and claims nothing without returns', () => {
    const tied = fitExpectedReturnMap([0.6, 0.6, 0.6, 0.7], [0.001, 0.002, 0.003, 0.01], 4);
    expect(tied.kind === 'buckets' && tied.count).toEqual([3, 1]);
    expect(expectedReturnOf(fitExpectedReturnMap([], [], 4), 0.9)).toBe(0);
  });
});
