import { describe, expect, it } from 'vitest';
import { fitWeights } from '../../src/portfolio/fitWeights.js';

const caps = { 1: 0.5, 2: 0.5, 3: 0.5 };

describe('fitWeights', () => {
  it('passes what the sleeve cuts from tier 3 on to the others, up to their caps', () => {
    // Equal raw: 0.3 each. Tier 3 together 0.6 > 0.12: 0.06 each; BTC takes the rest, 0.78, capped at 0.5.
    const w = fitWeights(
      [{ symbol: 'BTC', tier: 1, raw: 1 }, { symbol: 'AAA', tier: 3, raw: 1 }, { symbol: 'BBB', tier: 3, raw: 1 }],
      { budget: 0.9, tierCaps: caps, tier3Sleeve: 0.12 },
    );
    expect(w.get('AAA')).toBeCloseTo(0.06, 12);
    expect(w.get('BBB')).toBeCloseTo(0.06, 12);
    expect(w.get('BTC')).toBe(0.5);
  });

  it('gives a capped item\'s excess to the others in proportion to raw', () => {
    // raw 4:2:1 over 0.7 -> 0.4, 0.2, 0.1; the first capped at 0.25, its 0.15 split 2:1 -> 0.3 and 0.15.
    const w = fitWeights(
      [{ symbol: 'A', tier: 1, raw: 4 }, { symbol: 'B', tier: 2, raw: 2 }, { symbol: 'C', tier: 2, raw: 1 }],
      { budget: 0.7, tierCaps: { 1: 0.25, 2: 0.5, 3: 0.5 }, tier3Sleeve: 1 },
    );
    expect(w.get('A')).toBe(0.25);
    expect(w.get('B')).toBeCloseTo(0.3, 12);
    expect(w.get('C')).toBeCloseTo(0.15, 12);
  });

  it('sizes fixed items first and shares only what they leave', () => {
    const w = fitWeights(
      [{ symbol: 'HOLD', tier: 1, fixed: 0.3 }, { symbol: 'A', tier: 1, raw: 1 }, { symbol: 'B', tier: 1, raw: 3 }],
      { budget: 0.7, tierCaps: caps, tier3Sleeve: 1 },
    );
    expect(w.get('HOLD')).toBe(0.3);
    expect(w.get('A')).toBeCloseTo(0.1, 12);
    expect(w.get('B')).toBeCloseTo(0.3, 12);
  });

  it('scales fixed items down when they alone break the budget', () => {
    const w = fitWeights(
      [{ symbol: 'X', tier: 1, fixed: 0.3 }, { symbol: 'Y', tier: 1, fixed: 0.5 }, { symbol: 'Z', tier: 1, raw: 1 }],
      { budget: 0.4, tierCaps: { 1: 1, 2: 1, 3: 1 }, tier3Sleeve: 1 },
    );
    expect(w.get('X')).toBeCloseTo(0.15, 12);
    expect(w.get('Y')).toBeCloseTo(0.25, 12);
    expect(w.get('Z')).toBe(0);
  });
});
