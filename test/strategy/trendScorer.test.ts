import { describe, expect, it } from 'vitest';
import type { Bar } from '../../src/domain/bar.js';
import type { Signal } from '../../src/domain/signal.js';
import { DEFAULT_TREND } from '../../src/strategy/trendParameters.js';
import { TrendScorer } from '../../src/strategy/trendScorer.js';
import { hasSharedData, realBars } from '../features/realData.js';
import { SHARED_DATA_MISSING } from '../support/sharedData.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Every signal of `symbol` from the bar at `from` on, the scorer fed bar by bar as the engine feeds it. */
function stream(bars: readonly Bar[], symbol: string, from: number, to: number, scorer = new TrendScorer(HOUR)): Signal[] {
  const out: Signal[] = [];
  for (const b of bars) {
    if (b.time >= to) break;
    scorer.observe(symbol, b);
    if (b.time >= from && scorer.isReady(symbol)) out.push(scorer.score(symbol, [b]));
  }
  return out;
}

describe.skipIf(!hasSharedData)(`the trend strategy on real candles ${hasSharedData ? '' : SHARED_DATA_MISSING}`, () => {
  const btc = hasSharedData ? realBars('BTC/USD') : [];
  const sol = hasSharedData ? realBars('SOL/USD') : [];

  it('decides once a day at the bar that closes at 00:00 UTC, and holds that decision until the next', () => {
    const signals = stream(btc, 'BTC/USD', Date.parse('2023-03-01'), Date.parse('2023-05-01'));
    const decisions = signals.filter((s) => s.rebalance);
    for (const s of decisions) expect((s.barTime + HOUR) % DAY).toBe(0);
    expect(decisions.length).toBeGreaterThanOrEqual(60);
    let last: Signal | undefined;
    for (const s of signals) {
      if (s.rebalance) last = s;
      else if (last) expect([s.direction, s.exposure]).toEqual([last.direction, last.exposure]);
    }
  });

  it('states an exposure and no probability: the share of lookbacks voting up, times 25% over the realised volatility, capped at 1', () => {
    const signals = stream(sol, 'SOL/USD', Date.parse('2021-01-01'), Date.parse('2023-01-01')).filter((s) => s.rebalance);
    const strengths = new Set<number>();
    for (const s of signals) {
      expect(s.source).toBe('rule');
      expect(s.confidence).toBeUndefined();
      expect(s.probability).toBeUndefined();
      const strength = s.inputs['strength'] as number;
      strengths.add(Math.round(strength * 3));
      expect(s.direction).toBe(strength > 0 ? 'long' : 'flat');
      const volatility = s.inputs['volatility'] as number;
      expect(s.exposure).toBeCloseTo(s.direction === 'flat' ? 0 : strength * Math.min(1, 0.25 / volatility), 12);
      expect(s.atr).toBeGreaterThan(0);
      expect(s.horizonBars).toBe(DEFAULT_TREND.horizonHours);
    }
    // Long or flat by default, every vote count reached over two years.
    expect([...strengths].sort()).toEqual([0, 1, 2, 3]);
  });

  it('sees only the past: a decision is the same whatever the bars after it say', () => {
    const t = Date.parse('2022-05-10T23:00:00Z');
    const i = btc.findIndex((b) => b.time === t);
    const changed = btc.map((b, k) => (k > i ? { ...b, open: b.open * 2, high: b.high * 2, low: b.low * 2, close: b.close * 2 } : b));
    const a = stream(btc, 'BTC/USD', t, t + HOUR);
    const b = stream(changed, 'BTC/USD', t, t + HOUR);
    expect(a).toHaveLength(1);
    expect(b).toEqual(a);
  });

  it('gives the same signal streamed bar by bar as from a history it was not fed', () => {
    const t = Date.parse('2024-02-01T23:00:00Z');
    const i = btc.findIndex((b) => b.time === t);
    const [streamed] = stream(btc, 'BTC/USD', t, t + HOUR);
    const fresh = new TrendScorer(HOUR).score('BTC/USD', btc.slice(0, i + 1));
    expect(fresh).toEqual(streamed);
  });

  it('signed by an ensemble, is the signal it would pass on with { ...signal, source, model }: every field, in the same order', () => {
    const t = Date.parse('2024-02-01T23:00:00Z');
    const history = btc.slice(0, btc.findIndex((b) => b.time === t) + 1);
    const scorer = new TrendScorer(HOUR);
    const signed = scorer.scoreAs('BTC/USD', history, { source: 'ensemble', model: 'ensemble/BTC-USD/v3' });
    expect(JSON.stringify(signed)).toBe(JSON.stringify({ ...scorer.score('BTC/USD', history), source: 'ensemble', model: 'ensemble/BTC-USD/v3' }));
  });

  it('with shorts allowed, goes short when the lookbacks point down', () => {
    const scorer = new TrendScorer(HOUR, { ...DEFAULT_TREND, allowShort: true });
    const crash = stream(btc, 'BTC/USD', Date.parse('2022-06-01'), Date.parse('2022-07-01'), scorer).filter((s) => s.rebalance);
    expect(crash.some((s) => s.direction === 'short' && s.exposure > 0)).toBe(true);
    for (const s of crash) if (s.direction === 'short') expect(s.inputs['strength']).toBeLessThan(0);
  });

  it('is not ready before the longest lookback has a close to compare with', () => {
    const scorer = new TrendScorer(HOUR);
    for (const b of btc.slice(0, scorer.warmup - 1)) scorer.observe('BTC/USD', b);
    expect(scorer.isReady('BTC/USD')).toBe(false);
    expect(() => scorer.score('BTC/USD', btc.slice(0, scorer.warmup - 1))).toThrow(/needs/);
  });
});
