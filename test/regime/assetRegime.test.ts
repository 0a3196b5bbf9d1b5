import { describe, expect, it } from 'vitest';
import {
  AssetRegimeDetector,
  DEFAULT_ASSET_REGIME as P,
  assetRegimeParams,
  classifyAsset,
  regimeTrace,
  regimesOf,
  type AssetReadings,
} from '../../src/regime/index.js';
import { barsFromCloses, randomWalkBars, shares } from './scriptedBars.js';

const calm: AssetReadings = { adx: 15, slope: 0.2, volatility: 0.01, volPercentile: 0.5, drawdown: 0.02, drawdownVelocity: 0 };

describe('classifyAsset (the rule on given readings)', () => {
  it('volatile on a top-slice volatility rank or a crash-speed fall, before anything else', () => {
    expect(classifyAsset({ ...calm, volPercentile: 0.85, adx: 40, slope: 3 }, P)).toBe('volatile');
    expect(classifyAsset({ ...calm, drawdownVelocity: 0.1 }, P)).toBe('volatile');
    expect(classifyAsset({ ...calm, volPercentile: 0.84 }, P)).toBe('ranging');
  });

  it('trending needs both ADX and slope: ADX alone (a violent range) or slope alone (a drift) is ranging', () => {
    expect(classifyAsset({ ...calm, adx: 25, slope: -1.5 }, P)).toBe('trending');
    expect(classifyAsset({ ...calm, adx: 40, slope: 0.5 }, P)).toBe('ranging');
    expect(classifyAsset({ ...calm, adx: 20, slope: 4 }, P)).toBe('ranging');
  });

  it('an established state is held by wider exit lines (Schmitt trigger)', () => {
    const fading = { ...calm, volPercentile: 0.75 };
    expect(classifyAsset(fading, P)).toBe('ranging');
    expect(classifyAsset(fading, P, 'volatile')).toBe('volatile');
    expect(classifyAsset({ ...calm, volPercentile: 0.69 }, P, 'volatile')).toBe('ranging');
    const weakening = { ...calm, adx: 22, slope: 1.2 };
    expect(classifyAsset(weakening, P)).toBe('ranging');
    expect(classifyAsset(weakening, P, 'trending')).toBe('trending');
    expect(classifyAsset({ ...weakening, adx: 19 }, P, 'trending')).toBe('ranging');
  });

  it('no label while a reading is missing', () => {
    expect(classifyAsset({ ...calm, volPercentile: Number.NaN }, P)).toBeUndefined();
  });
});

describe('AssetRegimeDetector on scripted series (synthetic, for the mechanics)', () => {
  it('labels nothing before `warmup` and everything from it on', () => {
    const d = new AssetRegimeDetector();
    const labels = regimesOf(randomWalkBars(1, d.warmup + 50), () => new AssetRegimeDetector());
    expect(labels.slice(0, d.warmup).every((r) => r === undefined)).toBe(true);
    expect(labels.slice(d.warmup).every((r) => r !== undefined)).toBe(true);
  });

  it('a straight line is trending', () => {
    const line = barsFromCloses(Array.from({ length: 1500 }, (_, t) => 100 + 0.2 * t));
    const { regime, raw } = regimeTrace(line, () => new AssetRegimeDetector());
    expect(shares(raw)).toEqual({ trending: 1 });
    expect(shares(regime)).toEqual({ trending: 1 });
  });

  it('a sine is ranging even where its swings push ADX over 25', () => {
    // A 24-bar period: each 1-day volatility window holds a whole cycle, so the volatility is constant.
    const sine = barsFromCloses(Array.from({ length: 1500 }, (_, t) => 100 + 2 * Math.sin((2 * Math.PI * t) / 24)));
    const d = new AssetRegimeDetector();
    const labels = sine.map((b) => d.update(b));
    expect(shares(labels)).toEqual({ ranging: 1 });
    expect(d.readings.adx).toBeGreaterThan(25);
  });

  it('sudden large moves in a quiet market are volatile at once, and confirmed within enterBars', () => {
    const quiet = randomWalkBars(2, 1200, 0, 0.002).map((b) => b.close);
    const last = quiet[quiet.length - 1] as number;
    // Six hourly swings of +-4%, then quiet again.
    const shocks: number[] = [];
    for (const f of [1.04, 0.96, 1.04, 0.96, 1.04, 0.96]) shocks.push((shocks.at(-1) ?? last) * f);
    const { regime, raw } = regimeTrace(barsFromCloses([...quiet, ...shocks]), () => new AssetRegimeDetector());
    const first = quiet.length;
    expect(raw.slice(first)).toEqual(Array(shocks.length).fill('volatile'));
    expect(regime[first + (P.enterBars.volatile as number) - 1]).toBe('volatile');
  });

  it('a crash in a month that was already wild is caught by the drawdown velocity', () => {
    // Volatility rank alone cannot see it: the past month had swings as large as the crash bars.
    const wild = randomWalkBars(4, 1200, 0, 0.03).map((b) => b.close);
    const top = wild[wild.length - 1] as number;
    const crash = Array.from({ length: 24 }, (_, i) => top * Math.exp(-0.006 * (i + 1)));
    const d = new AssetRegimeDetector();
    const bars = barsFromCloses([...wild, ...crash]);
    let sawVelocity = false;
    for (const b of bars) {
      d.update(b);
      if (d.readings.drawdownVelocity >= P.crashVelocity && d.readings.volPercentile < P.volatilePercentile) {
        sawVelocity = true;
        expect(d.raw).toBe('volatile');
      }
    }
    expect(sawVelocity).toBe(true);
  });

  it('a driftless random walk is rarely trending; a drifting one mostly is', () => {
    const flat = shares(regimeTrace(randomWalkBars(11, 12000), () => new AssetRegimeDetector()).raw);
    const up = shares(regimeTrace(randomWalkBars(11, 12000, 0.3), () => new AssetRegimeDetector()).raw);
    const down = shares(regimeTrace(randomWalkBars(12, 12000, -0.3), () => new AssetRegimeDetector()).raw);
    expect(flat.trending ?? 0).toBeLessThan(0.15);
    expect(up.trending ?? 0).toBeGreaterThan(0.5);
    expect(down.trending ?? 0).toBeGreaterThan(0.5);
    // The percentile is relative by construction: about the top 15% of any history is volatile.
    expect(flat.volatile ?? 0).toBeGreaterThan(0.1);
    expect(flat.volatile ?? 0).toBeLessThan(0.2);
  });
});

describe('assetRegimeParams', () => {
  it('keeps bar-based periods and converts day-based windows for the timeframe, with floors', () => {
    const m5 = assetRegimeParams('5m');
    expect([m5.adxPeriod, m5.emaPeriod, m5.volBars, m5.rankBars, m5.confirmBars]).toEqual([14, 50, 288, 8640, 72]);
    const d1 = assetRegimeParams('1d');
    expect([d1.volBars, d1.rankBars, d1.confirmBars, d1.enterBars.volatile]).toEqual([20, 100, 2, 1]);
    expect([P.volBars, P.rankBars, P.peakBars, P.confirmBars, P.enterBars.volatile]).toEqual([24, 720, 720, 6, 2]);
  });

  it('refuses inconsistent parameters', () => {
    expect(() => new AssetRegimeDetector({ volBars: 0 })).toThrow(/volBars/);
    expect(() => new AssetRegimeDetector({ volatileExitPercentile: 0.9 })).toThrow(/volatileExitPercentile/);
  });
});
