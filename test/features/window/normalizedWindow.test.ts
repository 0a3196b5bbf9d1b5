import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../src/domain/bar.js';
import { applyNormalizer, computeFeatures, defaultFeatureSet, fitNormalizer, NormalizedWindow } from '../../../src/features/index.js';
import { firstBitDifference, hasSharedData, realBars } from '../realData.js';

const set = defaultFeatureSet();
const F = set.columns.length;
const L = 32;

describe.skipIf(!hasSharedData)('NormalizedWindow (the live model input)', () => {
  it('after bar t it holds the training rows t - L + 1 .. t, to the bit: nothing later, nothing stale', () => {
    const sol = realBars('SOL/USD').slice(-1_200);
    const first = (sol[0] as Bar).time;
    const btc = realBars('BTC/USD').filter((b) => b.time >= first - 300 * 3_600_000 && b.time <= (sol.at(-1) as Bar).time);
    const batch = computeFeatures(set, sol, { symbol: 'SOL/USD', lead: btc });
    const normalizer = fitNormalizer(batch, { start: batch.warmup, end: 800 });
    const rows = applyNormalizer(normalizer, batch.values);

    const live = new NormalizedWindow(set, 'SOL/USD', normalizer, L);
    const out = new Float32Array(L * F);
    let lead = 0;
    let checked = 0;
    sol.forEach((bar, t) => {
      while (lead < btc.length && (btc[lead] as Bar).time <= bar.time) live.pushLead(btc[lead++] as Bar);
      live.push(bar);
      const ready = t >= batch.warmup + L - 1;
      expect(live.ready, `after bar ${t}`).toBe(ready);
      expect(live.copyTo(out)).toBe(ready);
      if (!ready) return;
      expect(firstBitDifference(out, rows.subarray((t - L + 1) * F, (t + 1) * F)), `window after bar ${t}`).toBe(-1);
      checked++;
    });
    expect(checked).toBeGreaterThan(900);
  });
});
