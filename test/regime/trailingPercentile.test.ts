import { describe, expect, it } from 'vitest';
import { seededRng } from '../../src/domain/random.js';
import { TrailingPercentile } from '../../src/regime/index.js';

describe('TrailingPercentile', () => {
  it('ranks each value among the window before it, itself excluded, with ties at mid-rank', () => {
    const p = new TrailingPercentile(4);
    const out = [1, 2, 3, 4, 5, 0, 3, 3].map((x) => p.update(x));
    expect(out.slice(0, 4).every(Number.isNaN)).toBe(true);
    // 5 against [1 2 3 4]: all below. 0 against [2 3 4 5]: none. 3 against [3 4 5 0], then 3 against
    // [4 5 0 3]: one below and one tie each time.
    expect(out.slice(4)).toEqual([1, 0, 1.5 / 4, 1.5 / 4]);
  });

  it('counts values equal up to rounding as ties', () => {
    const p = new TrailingPercentile(3);
    for (const x of [0.1 + 0.2, 0.3, 0.30000000000000004]) p.update(x);
    expect(p.update(0.3)).toBe(0.5);
  });

  it('agrees with a brute-force count over a long seeded series, and skips NaN', () => {
    const rng = seededRng(3);
    const w = 50;
    const p = new TrailingPercentile(w);
    const xs: number[] = [];
    for (let i = 0; i < 3000; i++) {
      // Coarse values so that ties happen.
      const x = Math.round(rng.next() * 40);
      const got = p.update(x);
      if (i % 97 === 5) expect(Number.isNaN(p.update(Number.NaN))).toBe(true);
      if (xs.length < w) expect(Number.isNaN(got)).toBe(true);
      else {
        const past = xs.slice(-w);
        const below = past.filter((v) => v < x).length;
        const ties = past.filter((v) => v === x).length;
        expect(got).toBe((below + ties / 2) / w);
      }
      xs.push(x);
    }
  });
});
