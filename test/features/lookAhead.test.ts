import { describe, expect, it } from 'vitest';
import type { Bar } from '../../src/domain/bar.js';
import { seededRng } from '../../src/domain/random.js';
import { computeFeatures, defaultFeatureSet, StreamingFeatures, type FeatureMatrix } from '../../src/features/index.js';
import { firstBitDifference, hasSharedData, perturbAfter, realBars } from './realData.js';

const set = defaultFeatureSet();
const F = set.columns.length;

function describeDifference(m: FeatureMatrix, full: FeatureMatrix, rows: number): string {
  const i = firstBitDifference(m.values, full.values, rows * F);
  if (i < 0) return 'none';
  return `row ${Math.floor(i / F)} column ${set.columns[i % F]}: ${m.values[i]} vs ${full.values[i]}`;
}

describe.skipIf(!hasSharedData)('no look-ahead, on real data', () => {
  for (const symbol of ['SOL/USD', 'BTC/USD'] as const) {
    describe(symbol, () => {
      const bars = hasSharedData ? realBars(symbol) : [];
      const lead = hasSharedData ? realBars('BTC/USD') : [];
      const full = hasSharedData ? computeFeatures(set, bars, { symbol, lead }) : (null as unknown as FeatureMatrix);
      const rng = seededRng(symbol === 'SOL/USD' ? 101 : 202);
      const cuts = Array.from({ length: 10 }, () => Math.floor(rng.next() * bars.length));
      cuts.push(0, 1, set.warmup - 1, set.warmup, bars.length - 2);

      it('batch: features from candles cut at t equal the full-history rows <= t, to the bit', () => {
        for (const t of cuts) {
          const time = (bars[t] as Bar).time;
          const cut = bars.slice(0, t + 1);
          const leadCut = lead.filter((b) => b.time <= time);
          const m = computeFeatures(set, cut, { symbol, lead: leadCut });
          expect(m.rows).toBe(t + 1);
          expect(describeDifference(m, full, t + 1), `cut at ${t}`).toBe('none');
          // The lead's later bars, present in full, must not matter either.
          const withFullLead = computeFeatures(set, cut, { symbol, lead });
          expect(describeDifference(withFullLead, full, t + 1), `cut at ${t}, full lead`).toBe('none');
        }
      });

      it('streaming: rows pushed up to t equal the full-history rows', () => {
        for (const t of cuts.slice(0, 3)) {
          const time = (bars[t] as Bar).time;
          const s = new StreamingFeatures(set, { symbol });
          const rows = new Float32Array((t + 1) * F);
          let j = 0;
          for (let i = 0; i <= t; i++) {
            const b = bars[i] as Bar;
            if (symbol !== 'BTC/USD') while (j < lead.length && (lead[j] as Bar).time <= b.time) s.pushLead(lead[j++] as Bar);
            rows.set(s.update(b), i * F);
          }
          expect(lead.filter((b) => b.time <= time).length).toBeGreaterThan(0);
          expect(firstBitDifference(rows, full.values, (t + 1) * F), `streamed to ${t}`).toBe(-1);
        }
      });

      it('perturbing every bar after t (own and lead) leaves rows <= t unchanged; perturbing bar t changes row t', () => {
        const prng = seededRng(5);
        for (const t of cuts.slice(0, 6)) {
          const time = (bars[t] as Bar).time;
          const m = computeFeatures(set, perturbAfter(bars, time, prng), { symbol, lead: perturbAfter(lead, time, prng) });
          expect(describeDifference(m, full, t + 1), `perturbed after ${t}`).toBe('none');
          if (t + 1 < bars.length) {
            const next = firstBitDifference(m.values.subarray((t + 1) * F), full.values.subarray((t + 1) * F), F);
            expect(next, `row ${t + 1} should see its own perturbed bar`).toBeGreaterThanOrEqual(0);
          }
        }
      });
    });
  }
});
