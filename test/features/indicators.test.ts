import { describe, expect, it } from 'vitest';
import { ADX, ATR, BollingerBands, CCI, EMA, MACD, ROC, RSI, Stochastic } from 'technicalindicators';
import { seededRng } from '../../src/domain/random.js';
import {
  Adx,
  Atr,
  Bollinger,
  Cci,
  DEFAULT_PATTERN_THRESHOLDS as T,
  LagBuffer,
  Macd,
  RollingExtreme,
  RollingMoments,
  Rsi,
  Stochastic as Stoch,
  ema,
  engulfing,
  isDoji,
  isHammer,
  isShootingStar,
  wilderAverage,
} from '../../src/features/indicators/index.js';
import { hasSharedData, realBars } from './realData.js';

const run = (f: (x: number) => number, xs: number[]) => xs.map(f);

describe('indicators on hand-computed cases', () => {
  it('EMA is seeded with the SMA of its first period values, then smooths with 2 / (n + 1)', () => {
    const e = ema(3);
    expect(run((x) => e.update(x), [2, 4, 6, 8, 8])).toEqual([NaN, NaN, 4, 6, 7]);
  });

  it("Wilder's average smooths with 1 / n", () => {
    const w = wilderAverage(2);
    expect(run((x) => w.update(x), [1, 3, 4])).toEqual([NaN, 2, 3]);
  });

  it('RSI: first value at the period-th change, then Wilder smoothing; flat is 50, only gains is 100', () => {
    const r = new Rsi(2);
    expect(run((x) => r.update(x), [1, 2, 1, 2])).toEqual([NaN, NaN, 50, 75]);
    const flat = new Rsi(2);
    expect(run((x) => flat.update(x), [5, 5, 5, 5])[3]).toBe(50);
    const up = new Rsi(2);
    expect(run((x) => up.update(x), [1, 2, 3, 4])[3]).toBe(100);
  });

  it('ATR: true range reaches back to the previous close; SMA seed, then Wilder smoothing', () => {
    const a = new Atr(2);
    const bars: [number, number, number][] = [
      [10, 8, 9],
      [11, 9, 10],
      [12, 9, 11],
      [11, 10, 10.5],
    ];
    expect(bars.map(([h, l, c]) => a.update(h, l, c))).toEqual([NaN, NaN, 2.5, 1.75]);
  });

  it('stochastic %K and %D', () => {
    const s = new Stoch(3, 2);
    const out: [number, number][] = [];
    for (const [h, l, c] of [
      [10, 8, 9],
      [12, 9, 11],
      [11, 7, 8],
      [13, 10, 12],
    ] as const) {
      s.update(h, l, c);
      out.push([s.k, s.d]);
    }
    // K at bar 2: (8 - 7) / (12 - 7) = 20; bar 3: (12 - 7) / (13 - 7) = 83.33; D = mean of the two.
    expect(out[1]).toEqual([NaN, NaN]);
    expect(out[2]?.[0]).toBeCloseTo(20, 12);
    expect(out[2]?.[1]).toBeNaN();
    expect(out[3]?.[0]).toBeCloseTo(500 / 6, 12);
    expect(out[3]?.[1]).toBeCloseTo((20 + 500 / 6) / 2, 12);
  });

  it('CCI and Bollinger on three bars', () => {
    const c = new Cci(3);
    // Typical prices 1, 2, 3: mean 2, mean deviation 2/3, CCI = 1 / (0.015 * 2/3) = 100.
    expect([c.update(1, 1, 1), c.update(2, 2, 2), c.update(3, 3, 3)]).toEqual([NaN, NaN, expect.closeTo(100, 10)]);
    const b = new Bollinger(3, 2);
    for (const x of [1, 2, 3]) b.update(x);
    const sd = Math.sqrt(2 / 3);
    expect(b.middle).toBeCloseTo(2, 12);
    expect(b.upper).toBeCloseTo(2 + 2 * sd, 12);
    expect(b.position).toBeCloseTo((3 - (2 - 2 * sd)) / (4 * sd), 12);
    expect(b.width).toBeCloseTo((4 * sd) / 2, 12);
  });

  it('ADX on a steady rise: all movement is up, so -DI is 0 and ADX is 100', () => {
    const a = new Adx(2);
    for (let i = 0; i < 6; i++) a.update(10 + i + 1, 10 + i, 10 + i + 0.5);
    expect(a.minusDi).toBe(0);
    expect(a.plusDi).toBeGreaterThan(0);
    expect(a.adx).toBeCloseTo(100, 9);
  });

  it('lag buffer and rolling extremes against brute force', () => {
    const rng = seededRng(7);
    const xs = Array.from({ length: 500 }, () => Math.round(rng.next() * 50));
    const lag = new LagBuffer(3);
    const mx = new RollingExtreme(7, true);
    const mn = new RollingExtreme(7, false);
    xs.forEach((x, i) => {
      expect(lag.push(x)).toBe(i >= 3 ? xs[i - 3] : NaN);
      mx.push(x);
      mn.push(x);
      const win = xs.slice(Math.max(0, i - 6), i + 1);
      expect(mx.value()).toBe(Math.max(...win));
      expect(mn.value()).toBe(Math.min(...win));
      expect(mx.full).toBe(i >= 6);
    });
  });

  it('rolling moments stay exact on large prices with a small spread over a long run', () => {
    const rng = seededRng(11);
    const m = new RollingMoments(20);
    const xs: number[] = [];
    for (let i = 0; i < 50_000; i++) {
      const x = 60_000 + 300 * rng.next() + i * 0.01;
      xs.push(x);
      m.push(x);
    }
    const win = xs.slice(-20);
    const mean = win.reduce((a, b) => a + b, 0) / 20;
    const sd = Math.sqrt(win.reduce((a, b) => a + (b - mean) ** 2, 0) / 20);
    expect(Math.abs(m.mean() - mean) / mean).toBeLessThan(1e-12);
    expect(Math.abs(m.std() - sd) / sd).toBeLessThan(1e-9);
  });

  it('candle patterns', () => {
    expect(isDoji({ open: 10, high: 11, low: 9, close: 10.1 }, T)).toBe(true);
    expect(isDoji({ open: 10, high: 11, low: 9, close: 10.5 }, T)).toBe(false);
    // Small body at the top, lower shadow three times the body.
    expect(isHammer({ open: 10.6, high: 10.7, low: 9, close: 10.5 }, T)).toBe(true);
    expect(isShootingStar({ open: 10.6, high: 10.7, low: 9, close: 10.5 }, T)).toBe(false);
    expect(isShootingStar({ open: 9.1, high: 10.7, low: 9, close: 9.2 }, T)).toBe(true);
    expect(isHammer({ open: 10, high: 10, low: 10, close: 10 }, T)).toBe(false);
    expect(engulfing({ open: 10, high: 10.2, low: 9.4, close: 9.5 }, { open: 9.4, high: 10.3, low: 9.3, close: 10.2 })).toBe(1);
    expect(engulfing({ open: 9.5, high: 10.2, low: 9.4, close: 10 }, { open: 10.1, high: 10.2, low: 9.2, close: 9.4 })).toBe(-1);
    expect(engulfing({ open: 9.5, high: 10.2, low: 9.4, close: 10 }, { open: 9.9, high: 10.2, low: 9.2, close: 9.6 })).toBe(0);
  });
});

/** |a - b| within rel * max(|b|, 1), or within abs. */
function near(a: number, b: number, rel: number, abs = 0): boolean {
  return Math.abs(a - b) <= Math.max(rel * Math.max(Math.abs(b), 1), abs);
}

describe.skipIf(!hasSharedData)('own recurrences against technicalindicators on real SOL bars', () => {
  const bars = hasSharedData ? realBars('SOL/USD').slice(0, 6000) : [];
  const high = bars.map((b) => b.high);
  const low = bars.map((b) => b.low);
  const close = bars.map((b) => b.close);
  const n = bars.length;

  /** Compare own values (one per bar, NaN in warm-up) with a library output that starts at `first`. */
  function expectAligned(own: number[], ref: number[], first: number, rel: number, what: string, abs = 0): void {
    expect(own.slice(0, first).every(Number.isNaN), `${what}: NaN before ${first}`).toBe(true);
    expect(ref.length, `${what}: length`).toBe(n - first);
    let worst = 0;
    ref.forEach((r, k) => {
      const o = own[first + k] as number;
      if (!near(o, r, rel, abs)) worst = Math.max(worst, Math.abs(o - r));
    });
    expect(worst, `${what}: worst difference`).toBe(0);
  }

  it.each([6, 12, 26, 200])('EMA(%i) to the bit', (p) => {
    const e = ema(p);
    expectAligned(
      close.map((x) => e.update(x)),
      EMA.calculate({ period: p, values: close }),
      p - 1,
      0,
      `EMA ${p}`,
    );
  });

  it.each([6, 14, 24])('RSI(%i) within the library rounding (2 decimals)', (p) => {
    const r = new Rsi(p);
    expectAligned(
      close.map((x) => r.update(x)),
      RSI.calculate({ period: p, values: close }),
      p,
      0,
      `RSI ${p}`,
      0.005 + 1e-9,
    );
  });

  it('ATR(14)', () => {
    const a = new Atr(14);
    expectAligned(
      bars.map((b) => a.update(b.high, b.low, b.close)),
      ATR.calculate({ high, low, close, period: 14 }),
      14,
      1e-12,
      'ATR',
    );
  });

  it('ADX(14), +DI, -DI', () => {
    const a = new Adx(14);
    const own = bars.map((b) => {
      a.update(b.high, b.low, b.close);
      return { adx: a.adx, pdi: a.plusDi, mdi: a.minusDi };
    });
    const ref = ADX.calculate({ high, low, close, period: 14 });
    const first = 27;
    expectAligned(
      own.map((o) => o.adx),
      ref.map((r) => r.adx),
      first,
      1e-10,
      'ADX',
    );
    expectAligned(
      own.map((o, i) => (i < first ? NaN : o.pdi)),
      ref.map((r) => r.pdi),
      first,
      1e-10,
      '+DI',
    );
    expectAligned(
      own.map((o, i) => (i < first ? NaN : o.mdi)),
      ref.map((r) => r.mdi),
      first,
      1e-10,
      '-DI',
    );
  });

  it('MACD(12, 26, 9), EMA-based', () => {
    const m = new Macd(12, 26, 9);
    const own = close.map((x) => {
      m.update(x);
      return { line: m.line, signal: m.signal, hist: m.histogram };
    });
    const ref = MACD.calculate({ values: close, fastPeriod: 12, slowPeriod: 26, signalPeriod: 9, SimpleMAOscillator: false, SimpleMASignal: false });
    expectAligned(
      own.map((o) => o.line),
      ref.map((r) => r.MACD as number),
      25,
      1e-12,
      'MACD line',
    );
    const first = 25 + 8;
    expectAligned(
      own.map((o) => o.signal),
      ref.slice(8).map((r) => r.signal as number),
      first,
      1e-12,
      'MACD signal',
    );
    expectAligned(
      own.map((o) => o.hist),
      ref.slice(8).map((r) => r.histogram as number),
      first,
      1e-12,
      'MACD histogram',
    );
  });

  it('stochastic(14, 3)', () => {
    const s = new Stoch(14, 3);
    const own = bars.map((b) => {
      s.update(b.high, b.low, b.close);
      return { k: s.k, d: s.d };
    });
    const ref = Stochastic.calculate({ high, low, close, period: 14, signalPeriod: 3 });
    expectAligned(
      own.map((o) => o.k),
      ref.map((r) => r.k),
      13,
      1e-12,
      '%K',
    );
    expectAligned(
      own.map((o) => o.d),
      ref.slice(2).map((r) => r.d),
      15,
      1e-12,
      '%D',
    );
  });

  it('CCI(20), ROC(10), Bollinger(20, 2)', () => {
    const c = new Cci(20);
    expectAligned(
      bars.map((b) => c.update(b.high, b.low, b.close)),
      CCI.calculate({ high, low, close, period: 20 }),
      19,
      1e-9,
      'CCI',
    );
    const lag = new LagBuffer(10);
    expectAligned(
      close.map((x) => {
        const p = lag.push(x);
        return ((x - p) / p) * 100;
      }),
      ROC.calculate({ period: 10, values: close }),
      10,
      1e-12,
      'ROC',
    );
    const bb = new Bollinger(20, 2);
    const own = close.map((x) => {
      bb.update(x);
      return { upper: bb.upper, lower: bb.lower, middle: bb.middle, pos: bb.position };
    });
    const ref = BollingerBands.calculate({ period: 20, stdDev: 2, values: close });
    expectAligned(
      own.map((o) => o.middle),
      ref.map((r) => r.middle),
      19,
      1e-12,
      'BB middle',
    );
    expectAligned(
      own.map((o) => o.upper),
      ref.map((r) => r.upper),
      19,
      1e-9,
      'BB upper',
    );
    expectAligned(
      own.map((o) => o.lower),
      ref.map((r) => r.lower),
      19,
      1e-9,
      'BB lower',
    );
    expectAligned(
      own.map((o) => o.pos),
      ref.map((r) => r.pb),
      19,
      1e-6,
      'BB %B',
    );
  });
});
