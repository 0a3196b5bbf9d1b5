import { describe, expect, it } from 'vitest';
import type { Bar } from '../../src/domain/bar.js';
import { computeFeatures, defaultFeatureSet, StreamingFeatures } from '../../src/features/index.js';
import { firstBitDifference, hasSharedData, realBars } from './realData.js';

const set = defaultFeatureSet();
const F = set.columns.length;

describe.skipIf(!hasSharedData)('streaming equals batch on the real histories', () => {
  it.each(['BTC/USD', 'ETH/USD', 'SOL/USD'] as const)('%s: every feature, every bar, bit for bit', (symbol) => {
    const bars = realBars(symbol);
    const btc = realBars('BTC/USD');
    const batch = computeFeatures(set, bars, { symbol, lead: btc });
    const s = new StreamingFeatures(set, { symbol });
    const streamed = new Float32Array(bars.length * F);
    let firstRow = -1;
    let j = 0;
    bars.forEach((b, i) => {
      if (symbol !== 'BTC/USD') while (j < btc.length && (btc[j] as Bar).time <= b.time) s.pushLead(btc[j++] as Bar);
      const row = s.push(b);
      if (row && firstRow < 0) firstRow = i;
      streamed.set(s.latest as Float32Array, i * F);
      if (row) expect(row).toBe(s.latest);
    });
    const d = firstBitDifference(streamed, batch.values);
    expect(d < 0 ? 'equal' : `row ${Math.floor(d / F)} ${set.columns[d % F]}: ${streamed[d]} vs ${batch.values[d]}`).toBe('equal');
    expect(firstRow).toBe(set.warmup);
    expect(s.count).toBe(bars.length);
  });
});

describe('streaming contract', () => {
  const bar = (i: number, close = 100 + Math.sin(i)): Bar => ({ time: i * 3_600_000, open: close, high: close + 1, low: close - 1, close, volume: 10 });

  it('push returns null through the warm-up, then full rows', () => {
    const small = defaultFeatureSet({ lead: null });
    const s = new StreamingFeatures(small, { symbol: 'SOL/USD' });
    const out = Array.from({ length: small.warmup + 3 }, (_, i) => s.push(bar(i)));
    expect(out.slice(0, small.warmup).every((r) => r === null)).toBe(true);
    expect(out.slice(small.warmup).every((r) => r?.every(Number.isFinite))).toBe(true);
  });

  it('lead columns stay empty until a lead bar at or before the bar has been pushed', () => {
    const s = new StreamingFeatures(set, { symbol: 'SOL/USD' });
    const lead = set.columns.indexOf('btc_logret');
    s.update(bar(0));
    s.pushLead(bar(1, 50));
    s.pushLead(bar(2, 55));
    expect(s.update(bar(1))[lead]).toBeNaN(); // lead's first bar has no return yet
    expect(s.update(bar(2))[lead]).toBeCloseTo(Math.log(55 / 50), 6);
    expect(s.update(bar(3))[lead]).toBeCloseTo(Math.log(55 / 50), 6); // as of the latest lead bar
  });

  it('refuses a bar that does not come after the previous one', () => {
    const s = new StreamingFeatures(set, { symbol: 'BTC/USD' });
    s.update(bar(5));
    expect(() => s.update(bar(5))).toThrow(/does not come after/);
  });
});
