import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MARKET_REGIME as P,
  MarketRegimeDetector,
  classifyMarket,
  marketRegimeParams,
  regimeTrace,
  regimesOf,
  type MarketReadings,
} from '../../src/regime/index.js';
import { barsFromCloses, randomWalkBars, shares } from './scriptedBars.js';

const healthy: MarketReadings = { close: 110, ema: 100, slope: 0.01, drawdown: 0.03 };

describe('classifyMarket (the rule on given readings)', () => {
  it('trend: over a rising long EMA, drawdown shallower than a correction', () => {
    expect(classifyMarket(healthy, P)).toBe('trend');
    expect(classifyMarket({ ...healthy, drawdown: 0.1 }, P)).toBe('chop');
  });

  it('down: a bear-market drawdown whatever the EMA says, or under a falling EMA', () => {
    expect(classifyMarket({ ...healthy, drawdown: 0.2 }, P)).toBe('down');
    expect(classifyMarket({ ...healthy, close: 95, slope: -0.001 }, P)).toBe('down');
  });

  it('chop: over a falling EMA or under a rising one', () => {
    expect(classifyMarket({ ...healthy, slope: -0.01 }, P)).toBe('chop');
    expect(classifyMarket({ ...healthy, close: 95 }, P)).toBe('chop');
  });

  it('no label while a reading is missing', () => {
    expect(classifyMarket({ ...healthy, ema: Number.NaN }, P)).toBeUndefined();
  });
});

describe('MarketRegimeDetector on scripted series (synthetic, for the mechanics)', () => {
  const n = P.peakBars + 500;

  it('labels nothing before `warmup` and everything from it on', () => {
    const d = new MarketRegimeDetector();
    expect(d.warmup).toBe(P.peakBars - 1);
    const labels = regimesOf(randomWalkBars(1, n, 0, 0.005), () => new MarketRegimeDetector());
    expect(labels.slice(0, d.warmup).every((r) => r === undefined)).toBe(true);
    expect(labels.slice(d.warmup).every((r) => r !== undefined)).toBe(true);
  });

  it('a steady rise is trend, a steady fall is down', () => {
    const up = barsFromCloses(Array.from({ length: n }, (_, t) => 100 * Math.exp(0.0002 * t)));
    const down = barsFromCloses(Array.from({ length: n }, (_, t) => 100 * Math.exp(-0.0002 * t)));
    expect(shares(regimesOf(up, () => new MarketRegimeDetector()))).toEqual({ trend: 1 });
    expect(shares(regimesOf(down, () => new MarketRegimeDetector()))).toEqual({ down: 1 });
  });

  it('a crash from a trend is down after enterBars; the recovery has to hold a day to become trend again', () => {
    const rise = Array.from({ length: n }, (_, t) => 100 * Math.exp(0.0002 * t));
    const top = rise[rise.length - 1] as number;
    // -25% in one bar, then back up at the same pace as before.
    const after = Array.from({ length: 600 }, (_, t) => top * 0.75 * Math.exp(0.0005 * t));
    const { regime, raw } = regimeTrace(barsFromCloses([...rise, ...after]), () => new MarketRegimeDetector());
    const crash = rise.length;
    const down = P.enterBars.down as number;
    expect(raw[crash]).toBe('down');
    expect(regime[crash + down - 2]).toBe('trend');
    expect(regime[crash + down - 1]).toBe('down');
    // Once raw is trend again, the state follows only after confirmBars bars.
    const back = raw.findIndex((r, i) => i > crash && r === 'trend');
    expect(back).toBeGreaterThan(crash);
    const firstTrend = regime.findIndex((r, i) => i > crash + down && r === 'trend');
    expect(firstTrend).toBe(back + P.confirmBars - 1);
  });
});

describe('marketRegimeParams', () => {
  it('hourly defaults: 50-day EMA, 5-day slope, 90-day peak, one-day confirmation, 6 h into down', () => {
    expect([P.emaBars, P.slopeBars, P.peakBars, P.confirmBars, P.enterBars.down]).toEqual([1200, 120, 2160, 24, 6]);
    const d1 = marketRegimeParams('1d');
    expect([d1.emaBars, d1.slopeBars, d1.peakBars, d1.confirmBars, d1.enterBars.down]).toEqual([50, 5, 90, 2, 1]);
  });

  it('refuses inconsistent parameters', () => {
    expect(() => new MarketRegimeDetector({ downDrawdown: 1.5 })).toThrow(/downDrawdown/);
  });
});
