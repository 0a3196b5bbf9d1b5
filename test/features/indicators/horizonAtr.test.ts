import { describe, expect, it } from 'vitest';
import { HorizonAtr } from '../../../src/features/indicators/horizonAtr.js';

describe('HorizonAtr', () => {
  it('with a horizon of one bar is the plain mean true range over the window', () => {
    const bars = [
      { high: 10, low: 9, close: 9.5 },
      { high: 11, low: 9.4, close: 10.8 }, // TR max(1.6, 1.5, 0.1) = 1.6
      { high: 10.9, low: 10, close: 10.1 }, // TR max(0.9, 0.1, 0.8) = 0.9
      { high: 12, low: 10.5, close: 11.9 }, // TR max(1.5, 1.9, 0.4) = 1.9
    ];
    const atr = new HorizonAtr(1, 3);
    const out = bars.map((b) => atr.update(b.high, b.low, b.close));
    expect(out.slice(0, 3).every(Number.isNaN)).toBe(true);
    expect(out[3]).toBeCloseTo((1.6 + 0.9 + 1.9) / 3, 12);
    expect(atr.warmup).toBe(4);
  });

  it('measures a window of `horizon` bars as one candle: its high, its low, and the close before it', () => {
    // Three-bar windows: after bar 3 the window is bars 1..3 with the close of bar 0 before it.
    const atr = new HorizonAtr(3, 1);
    const bars = [
      { high: 101, low: 99, close: 100 },
      { high: 104, low: 100, close: 103 },
      { high: 103, low: 97, close: 98 },
      { high: 99, low: 96, close: 97 },
    ];
    const out = bars.map((b) => atr.update(b.high, b.low, b.close));
    expect(out[3]).toBeCloseTo(Math.max(104, 100) - Math.min(96, 100), 12);
  });

  it('grows with the horizon as a random walk would, roughly with its square root (seeded walk)', () => {
    let x = 100;
    let seed = 7;
    const next = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647 - 0.5;
    };
    const one = new HorizonAtr(1, 2000);
    const day = new HorizonAtr(24, 2000);
    let a1 = Number.NaN;
    let a24 = Number.NaN;
    for (let i = 0; i < 6000; i++) {
      const c = x * (1 + 0.01 * next());
      const high = Math.max(x, c) * 1.001;
      const low = Math.min(x, c) * 0.999;
      a1 = one.update(high, low, c);
      a24 = day.update(high, low, c);
      x = c;
    }
    expect(a24 / a1).toBeGreaterThan(2.5);
    expect(a24 / a1).toBeLessThan(8);
  });
});
