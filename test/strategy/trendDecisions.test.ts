import { describe, expect, it } from 'vitest';
import { TrendScorer } from '../../src/strategy/trendScorer.js';
import { DEFAULT_TREND } from '../../src/strategy/trendParameters.js';
import { trendDecisions } from '../../src/strategy/trendDecisions.js';
import { hasSharedData, realBars } from '../features/realData.js';

const HOUR = 3_600_000;

describe.skipIf(!hasSharedData)('trendDecisions: the strategy over a series, as the engine streams it', () => {
  const bars = hasSharedData ? realBars('BTC/USD').slice(-6_000) : [];

  it("at the strategy's own cadence, the decisions the scorer takes, bar for bar", () => {
    const scorer = new TrendScorer(HOUR);
    const fromScorer: { index: number; exposure: number; strength: number }[] = [];
    bars.forEach((bar, index) => {
      scorer.observe('BTC/USD', bar);
      const d = scorer.decision('BTC/USD');
      if (scorer.isReady('BTC/USD') && d?.barTime === bar.time) fromScorer.push({ index, exposure: d.exposure, strength: d.strength });
    });
    const daily = trendDecisions(bars, DEFAULT_TREND, HOUR);
    expect(daily.length).toBeGreaterThan(100);
    expect(daily.every((d) => d.rebalance)).toBe(true);
    expect(daily.map((d) => ({ index: d.index, exposure: d.decision.exposure, strength: d.decision.strength }))).toEqual(fromScorer);
  });

  it('sampled every 6 hours: four decisions a day, the traded ones among them and unchanged', () => {
    const daily = trendDecisions(bars, DEFAULT_TREND, HOUR);
    const sampled = trendDecisions(bars, DEFAULT_TREND, HOUR, 6);
    expect(sampled.length).toBeGreaterThan(3.9 * daily.length);
    const traded = sampled.filter((d) => d.rebalance);
    expect(traded).toEqual(daily);
    // Between them, decisions the strategy would take at those bars: each 6 hours after the last.
    for (let k = 1; k < sampled.length; k++) expect(bars[sampled[k]!.index]!.time - bars[sampled[k - 1]!.index]!.time).toBeGreaterThanOrEqual(6 * HOUR);
  });

  it("above the strategy's cadence, every k-th of its decisions; a cadence that does not line up is refused", () => {
    const hourly = { ...DEFAULT_TREND, rebalanceHours: 1 };
    const every = trendDecisions(bars, hourly, HOUR);
    const sixth = trendDecisions(bars, hourly, HOUR, 6);
    expect(sixth.every((d) => d.rebalance)).toBe(true);
    const byIndex = new Map(every.map((d) => [d.index, d]));
    for (const d of sixth) expect(byIndex.get(d.index)).toEqual(d);
    expect(sixth.length).toBeLessThan(every.length / 5);
    expect(() => trendDecisions(bars, DEFAULT_TREND, HOUR, 5)).toThrow(/does not line up with the strategy's 24 hours/);
  });
});
