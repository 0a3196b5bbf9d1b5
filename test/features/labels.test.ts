import { describe, expect, it } from 'vitest';
import type { Bar } from '../../src/domain/bar.js';
import { BARRIER, computeLabels, DIRECTION, labelColumns } from '../../src/features/index.js';
import { firstBitDifference, hasSharedData, realBars } from './realData.js';

/** Synthetic bars for the mechanics only: range 2 around the close, open = previous close, so TR = ATR = 2. */
function scripted(closes: number[], overrides: Record<number, Partial<Bar>> = {}): Bar[] {
  return closes.map((c, i) => ({ time: i * 3_600_000, open: closes[i - 1] ?? c, high: c + 1, low: c - 1, close: c, volume: 1, ...overrides[i] }));
}

describe('labels on scripted bars', () => {
  const opts = { horizons: [3], atrPeriod: 2, volWindow: 2, stopAtr: 1.3, takeProfitAtr: 2 } as const;

  it('forward log return over h bars; the last h bars have no label', () => {
    const bars = scripted([100, 101, 102, 103, 104, 105, 106]);
    const l = computeLabels(bars, opts).horizons[0];
    expect(l?.logReturn[1]).toBeCloseTo(Math.log(104 / 101), 6);
    for (const col of labelColumns(computeLabels(bars, opts))) {
      expect([...col.values.slice(-3)].every(Number.isNaN), col.name).toBe(true);
    }
  });

  it('triple barrier at entry = next open: a bar touching both barriers counts as the stop', () => {
    // Signal at bar 3 (ATR 2); entry at bar 4's open = 100: long TP 104, stop 97.4; short TP 96, stop 102.6.
    const closes = [100, 100, 100, 100, 100, 100, 100, 100];
    const both = computeLabels(scripted(closes, { 5: { high: 105, low: 95 } }), opts).horizons[0];
    expect(both?.barrierLong[3]).toBe(BARRIER.stop);
    expect(both?.barrierShort[3]).toBe(BARRIER.stop);
    const up = computeLabels(scripted(closes, { 5: { high: 104 } }), opts).horizons[0];
    expect(up?.barrierLong[3]).toBe(BARRIER.takeProfit);
    expect(up?.barrierShort[3]).toBe(BARRIER.stop);
    const down = computeLabels(scripted(closes, { 6: { low: 96 } }), opts).horizons[0];
    expect(down?.barrierLong[3]).toBe(BARRIER.stop);
    expect(down?.barrierShort[3]).toBe(BARRIER.takeProfit);
    const quiet = computeLabels(scripted(closes), opts).horizons[0];
    expect(quiet?.barrierLong[3]).toBe(BARRIER.timeout);
    expect(quiet?.barrierShort[3]).toBe(BARRIER.timeout);
    // A touch after the time limit (bar 3 + 3 = 6) does not count.
    const late = computeLabels(scripted(closes, { 7: { high: 110 } }), opts).horizons[0];
    expect(late?.barrierLong[3]).toBe(BARRIER.timeout);
  });

  it('barriers sit at the entry price, not at the signal close', () => {
    // Bar 4 gaps up to open at 103: long TP = 107, so bar 5's high of 105 (TP of an entry at 100) is not enough.
    const closes = [100, 100, 100, 100, 103, 103, 103, 103];
    const l = computeLabels(scripted(closes, { 4: { open: 103 }, 5: { high: 105 } }), opts).horizons[0];
    expect(l?.barrierLong[3]).toBe(BARRIER.timeout);
    const atClose = computeLabels(scripted(closes, { 4: { open: 103 }, 5: { high: 105 } }), { ...opts, entry: 'close' }).horizons[0];
    expect(atClose?.barrierLong[3]).toBe(BARRIER.takeProfit);
  });

  it('direction: up, down, or flat inside deadZone x sigma x sqrt(h)', () => {
    // Alternating ±1% moves give sigma = 0.01; over h = 1 the dead zone is 0.5%.
    const closes = [100, 101, 100, 101, 100, 100.2, 100, 102, 100];
    const l = computeLabels(scripted(closes), { horizons: [1], volWindow: 2, deadZone: 0.5 });
    const h = l.horizons[0];
    expect(l.sigma[4]).toBeGreaterThan(0);
    const expectClass = (t: number) => {
      const z = Math.log((closes[t + 1] as number) / (closes[t] as number)) / (l.sigma[t] as number);
      return z > 0.5 ? DIRECTION.up : z < -0.5 ? DIRECTION.down : DIRECTION.flat;
    };
    for (let t = 2; t < closes.length - 1; t++) expect(h?.direction[t], `bar ${t}`).toBe(expectClass(t));
    expect(h?.direction[4]).toBe(DIRECTION.flat);
    expect(h?.direction[6]).toBe(DIRECTION.up);
    expect(h?.direction[7]).toBe(DIRECTION.down);
  });
});

describe.skipIf(!hasSharedData)('labels on real SOL bars', () => {
  const bars = hasSharedData ? realBars('SOL/USD') : [];

  it('labels of bars <= t - h do not change when the history is cut at t; later ones are empty', () => {
    const full = labelColumns(computeLabels(bars));
    for (const t of [500, 12_345, 30_000]) {
      const cut = labelColumns(computeLabels(bars.slice(0, t + 1)));
      cut.forEach((col, k) => {
        const h = Number(col.name.split('_').at(-1));
        const ref = full[k]?.values as Float32Array;
        expect(firstBitDifference(col.values, ref, t + 1 - h), `${col.name} cut at ${t}`).toBe(-1);
        expect([...col.values.subarray(t + 1 - h)].every(Number.isNaN), `${col.name} last ${h}`).toBe(true);
      });
    }
  });

  it('every class occurs and none dominates', () => {
    const l = computeLabels(bars);
    for (const h of l.horizons) {
      for (const [name, values] of [
        ['dir', h.direction],
        ['tb_long', h.barrierLong],
        ['tb_short', h.barrierShort],
      ] as const) {
        const counts = [0, 0, 0];
        let n = 0;
        for (const v of values)
          if (!Number.isNaN(v)) {
            counts[v] = (counts[v] ?? 0) + 1;
            n++;
          }
        for (const c of counts) {
          expect(c / n, `${name}_${h.horizon} ${counts.join('/')}`).toBeGreaterThan(0.01);
          expect(c / n, `${name}_${h.horizon} ${counts.join('/')}`).toBeLessThan(0.9);
        }
        expect(n).toBeGreaterThan(bars.length - 100);
      }
    }
  });
});
