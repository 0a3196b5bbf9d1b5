import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../src/domain/bar.js';
import { metaLabels } from '../../../src/models/dataset/metaLabels.js';

const HOUR = 3_600_000;
const bar = (k: number, open: number, close: number): Bar => ({
  time: k * HOUR,
  open,
  high: Math.max(open, close) + 1,
  low: Math.min(open, close) - 1,
  close,
  volume: 1,
});
// Decided at bar 0's close; entered at bar 1's open (100); held 3 bars: bar 3 closes at 102.
const bars = [bar(0, 90, 95), bar(1, 100, 120), bar(2, 80, 70), bar(3, 101, 102), bar(4, 102, 50)];

describe('metaLabels: did the proposed trade beat its costs', () => {
  it("enters at the next bar's open and exits at the close `horizon` bars after the decision", () => {
    const l = metaLabels(bars, [{ index: 0, side: 1, volatility: 0.5 }], 3, 0.01, HOUR);
    expect(l.tradeReturn[0]).toBeCloseTo(0.02, 12);
    expect(l.y[0]).toBe(1);
    // Known once bar 3 has closed.
    expect(l.knownAt[0]).toBe(4 * HOUR);
    // The return head's target: the log return in units of the volatility over the horizon.
    const perBar = 0.5 / Math.sqrt((365 * 24 * HOUR) / HOUR);
    expect(l.scaled[0]).toBeCloseTo(Math.log(1.02) / (perBar * Math.sqrt(3)), 5);
  });

  it('a gain below the round-trip cost is a 0, and a short earns the fall', () => {
    expect(metaLabels(bars, [{ index: 0, side: 1, volatility: 0.5 }], 3, 0.025, HOUR).y[0]).toBe(0);
    const short = metaLabels(bars, [{ index: 1, side: -1, volatility: 0.5 }], 3, 0.01, HOUR);
    // Entered at bar 2's open (80), out at bar 4's close (50): the short earns 37.5%.
    expect(short.tradeReturn[0]).toBeCloseTo(0.375, 12);
    expect(short.y[0]).toBe(1);
    expect(short.scaled[0]).toBeGreaterThan(0);
  });

  it('no label where the horizon runs past the stored bars', () => {
    const l = metaLabels(bars, [{ index: 2, side: 1, volatility: 0.5 }], 3, 0.01, HOUR);
    expect(Number.isNaN(l.y[0]!)).toBe(true);
    expect(Number.isNaN(l.knownAt[0]!)).toBe(true);
  });
});
