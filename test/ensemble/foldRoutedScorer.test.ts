import { describe, expect, it } from 'vitest';
import type { Bar } from '../../src/domain/bar.js';
import type { Signal } from '../../src/domain/signal.js';
import { FoldRoutedScorer } from '../../src/ensemble/foldRoutedScorer.js';
import type { Scorer } from '../../src/ensemble/scorer.js';

const HOUR = 3_600_000;
const T0 = Date.parse('2025-01-06T00:00:00Z');

/** A scorer that says who it is (in `inputs.id`) and records what it observed. */
function named(id: number, warmup = 1): Scorer & { observed: number[] } {
  const observed: number[] = [];
  return {
    name: `s${id}`,
    warmup,
    observed,
    observe: (_symbol, bar) => observed.push(bar.time),
    score(symbol: string, history: readonly Bar[]): Signal {
      const bar = history[history.length - 1] as Bar;
      return {
        symbol,
        barTime: bar.time,
        source: 'ensemble',
        direction: 'flat',
        exposure: 0,
        rebalance: true,
        horizonBars: 1,
        confidence: 0.5,
        class: 'HOLD',
        expectedReturn: 0,
        atr: 1,
        members: [],
        inputs: { id },
      };
    },
  };
}

// SYNTHETIC bars: only their times matter here.
const bar = (hour: number): Bar => ({ time: T0 + hour * HOUR, open: 1, high: 1, low: 1, close: 1, volume: 1 });

describe('FoldRoutedScorer (walk-forward scoring)', () => {
  const outside = named(0);
  const first = named(1, 30);
  const second = named(2);
  // Test windows [10, 20) and [20, 30) in hours.
  const scorer = new FoldRoutedScorer(
    [
      { from: T0 + 10 * HOUR, to: T0 + 20 * HOUR, scorer: first },
      { from: T0 + 20 * HOUR, to: T0 + 30 * HOUR, scorer: second },
    ],
    outside,
  );
  const scoredBy = async (hour: number) => (await scorer.score('SOL/USD', [bar(hour - 1), bar(hour)])).inputs.id;

  it('scores the last bar of the history with the fold whose test window holds it, and only that one', async () => {
    expect(await scoredBy(9)).toBe(0);
    expect(await scoredBy(10)).toBe(1);
    expect(await scoredBy(19)).toBe(1);
    // The first bar after a window belongs to the next fold, never to the models of the one before.
    expect(await scoredBy(20)).toBe(2);
    expect(await scoredBy(29)).toBe(2);
    expect(await scoredBy(30)).toBe(0);
  });

  it('passes every bar to every scorer, and warms up as long as the slowest', () => {
    for (const h of [5, 15, 25, 35]) scorer.observe('SOL/USD', bar(h));
    for (const s of [outside, first, second]) expect(s.observed).toEqual([5, 15, 25, 35].map((h) => bar(h).time));
    expect(scorer.warmup).toBe(30);
  });
});
