import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../src/domain/bar.js';
import { seededRng } from '../../../src/domain/random.js';
import { FallbackScorer } from '../../../src/ensemble/fallbackScorer.js';
import { fallbackProbabilities } from '../../../src/runtime/optimize/fallbackProbabilities.js';
import { hasSharedData, perturbAfter, realBars } from '../../features/realData.js';

describe.skipIf(!hasSharedData)('fallbackProbabilities (the rule-based member of the ensemble, on validation and test)', () => {
  it('the probability at bar t is the one the daemon had at t: no later bar changes it', () => {
    const bars = realBars('SOL/USD').slice(-1_500);
    const ends = Int32Array.from([300, 400, 401, 402, 900, 1_200, 1_498]);
    const p = fallbackProbabilities('SOL/USD', bars, ends);
    expect(new FallbackScorer().warmup).toBeLessThan(300);
    expect(p.every(Number.isFinite)).toBe(true);
    // What the engine saw: every bar observed from the first, then scored on the history up to t.
    const daemon = new FallbackScorer();
    const seen: number[] = [];
    bars.forEach((bar, t) => {
      daemon.observe('SOL/USD', bar);
      if (ends.includes(t)) seen.push(daemon.score('SOL/USD', bars.slice(0, t + 1)).probability);
    });
    expect([...p]).toEqual(seen);
    ends.forEach((t, i) => {
      const later = perturbAfter(bars, (bars[t] as Bar).time, seededRng(t));
      expect(fallbackProbabilities('SOL/USD', later, Int32Array.of(t))[0], `at ${t}`).toBe(p[i]);
    });
    // Bar t itself counts: the probability at t moves when bar t does.
    const t = 900;
    const moved = bars.map((b, i) => (i === t ? { ...b, close: b.close * 1.05, high: Math.max(b.high, b.close * 1.05) } : b));
    expect(fallbackProbabilities('SOL/USD', moved, Int32Array.of(t))[0]).not.toBe(p[4]);
  });
});
