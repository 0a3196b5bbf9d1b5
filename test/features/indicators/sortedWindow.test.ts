import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/domain/random.js';
import { SortedWindow } from '../../../src/features/indicators/sortedWindow.js';

/** The same questions answered the slow way: sort the last `capacity` values. */
function naive(values: readonly number[], capacity: number) {
  const kept = values.slice(-capacity);
  const sorted = [...kept].sort((a, b) => a - b);
  const n = sorted.length;
  const m = n >> 1;
  return {
    median: n === 0 ? Number.NaN : n % 2 ? sorted[m] : ((sorted[m - 1] as number) + (sorted[m] as number)) / 2,
    below: (x: number) => kept.filter((v) => v < x).length,
    atMost: (x: number) => kept.filter((v) => v <= x).length,
  };
}

describe('SortedWindow', () => {
  it('answers median and counts as a full sort of the last values would, with ties and wrap-around', () => {
    const rng = seededRng(3);
    for (const capacity of [1, 2, 7, 64]) {
      const w = new SortedWindow(capacity);
      const seen: number[] = [];
      expect(w.median()).toBeNaN();
      for (let i = 0; i < 500; i++) {
        // Rounded so that ties are common.
        const x = Math.round(rng.next() * 20) / 4;
        w.push(x);
        seen.push(x);
        const ref = naive(seen, capacity);
        expect(w.size).toBe(Math.min(seen.length, capacity));
        expect(w.median()).toBe(ref.median);
        const probe = Math.round(rng.next() * 20) / 4;
        expect(w.countBelow(probe)).toBe(ref.below(probe));
        expect(w.countAtMost(probe)).toBe(ref.atMost(probe));
      }
      expect(w.full).toBe(true);
    }
  });

  it('refuses a capacity that is not a whole number of at least 1', () => {
    expect(() => new SortedWindow(0)).toThrow(/capacity/);
    expect(() => new SortedWindow(2.5)).toThrow(/capacity/);
  });
});
