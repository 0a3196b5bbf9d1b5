import { describe, expect, it } from 'vitest';
import { FallbackScorer } from '../../src/ensemble/fallbackScorer.js';
import { hasSharedData, readBinanceCsv, SHARED_DATA_MISSING, sharedFile } from '../support/sharedData.js';

describe.skipIf(!hasSharedData)(`fallback scorer on real SOL 1h candles ${hasSharedData ? '' : SHARED_DATA_MISSING}`, () => {
  const bars = hasSharedData ? readBinanceCsv(sharedFile('binance', 'SOL-USDT_1h.csv')) : [];
  const scorer = new FallbackScorer();
  const at = (iso: string) => bars.findIndex((b) => b.time === Date.parse(iso));

  it('returns a well-formed Signal: confidence is the probability of the called direction', () => {
    const start = at('2024-01-01T00:00:00Z');
    for (let i = start; i < start + 500; i += 7) {
      const s = scorer.score('SOL/USD', bars.slice(i - 299, i + 1));
      expect(s.barTime).toBe(bars[i]?.time);
      expect(s.source).toBe('rule');
      expect(s.probability).toBeGreaterThanOrEqual(0);
      expect(s.probability).toBeLessThanOrEqual(1);
      expect(s.confidence).toBeCloseTo(Math.max(s.probability, 1 - s.probability), 12);
      expect(s.direction).toBe(s.probability > 0.5 ? 'long' : s.probability < 0.5 ? 'short' : 'flat');
      if (s.confidence < 0.65) expect(s.class).toBe('HOLD');
      else expect(['BUY', 'STRONG_BUY', 'SELL', 'STRONG_SELL']).toContain(s.class);
      expect(s.atr).toBeGreaterThan(0);
      expect(Number.isFinite(s.expectedReturn)).toBe(true);
    }
  });

  it('depends only on the history it is given (no look-ahead), and is deterministic', () => {
    const i = at('2023-06-01T12:00:00Z');
    const window = bars.slice(i - 299, i + 1);
    const a = scorer.score('SOL/USD', window);
    const b = scorer.score('SOL/USD', bars.slice(i - 299, i + 1));
    expect(b).toEqual(a);
  });

  it('leans long through the run-up to the November 2021 high and short through the May 2022 crash', () => {
    const votes = (fromIso: string, toIso: string) => {
      let long = 0;
      let short = 0;
      for (let i = at(fromIso); i <= at(toIso); i++) {
        const s = scorer.score('SOL/USD', bars.slice(i - 299, i + 1));
        if (s.direction === 'long') long++;
        else if (s.direction === 'short') short++;
      }
      return { long, short };
    };
    const rally = votes('2021-10-20T00:00:00Z', '2021-11-06T00:00:00Z');
    expect(rally.long).toBeGreaterThan(rally.short);
    const crash = votes('2022-05-05T00:00:00Z', '2022-05-12T00:00:00Z');
    expect(crash.short).toBeGreaterThan(crash.long);
  });

  it('refuses to speak without enough history', () => {
    expect(() => scorer.score('SOL/USD', bars.slice(0, 50))).toThrow(/needs \d+ bars/);
  });
});
