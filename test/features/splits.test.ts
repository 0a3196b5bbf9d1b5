import { describe, expect, it } from 'vitest';
import { seededRng } from '../../src/domain/random.js';
import { lowerBound } from '../../src/features/splits/seriesFolds.js';
import { foldForSeries, foldToTimes, foldViolations, sampleRange, walkForwardFolds, type Fold, type WalkForwardOptions } from '../../src/features/index.js';
import { hasSharedData, realBars } from './realData.js';

const blocks = (f: Fold) => [f.train, f.validation, f.test].filter((r) => r.end > r.start);

/**
 * The leak-freedom rules, checked sample by sample rather than by the library's own checker; returns
 * the problems found (one expect per layout keeps 300 layouts fast).
 */
function bruteForceProblems(folds: Fold[], o: WalkForwardOptions): string[] {
  const purge = o.purge ?? o.horizon;
  const embargo = o.embargo ?? o.horizon;
  const problems: string[] = [];
  folds.forEach((f, k) => {
    const named = [
      ['train', f.train],
      ['validation', f.validation],
      ['test', f.test],
    ] as const;
    const owner = new Map<number, string>();
    for (const [name, r] of named) {
      for (let t = r.start; t < r.end; t++) {
        if (t < o.start || t >= o.end) problems.push(`fold ${k} ${name} sample ${t} outside the range`);
        if (owner.has(t)) problems.push(`fold ${k}: sample ${t} in ${owner.get(t)} and ${name}`);
        owner.set(t, name);
      }
    }
    // Every sample's label horizon [t, t + h] stays clear of every later block of its fold.
    named.forEach(([name, r], i) => {
      for (const [nextName, next] of named.slice(i + 1)) {
        if (next.end <= next.start) continue;
        for (let t = r.start; t < r.end; t++) {
          if (t + o.horizon >= next.start) problems.push(`fold ${k}: ${name} label of ${t} reads bar ${t + o.horizon}, ${nextName} starts at ${next.start}`);
        }
        if (r.end > r.start && next.start - r.end < purge) problems.push(`fold ${k}: ${name} to ${nextName} gap below purge`);
      }
    });
    if (o.scheme === 'sliding' && f.train.end - f.train.start !== o.trainSize) problems.push(`fold ${k}: sliding train size`);
    if (o.scheme === 'expanding' && f.train.start !== o.start) problems.push(`fold ${k}: expanding train start`);
    const prev = folds[k - 1];
    if (prev) {
      if (f.test.start - prev.test.end < embargo) problems.push(`fold ${k}: embargo after fold ${k - 1}`);
      if (!(f.test.start > prev.test.start && f.train.end > prev.train.end)) problems.push(`fold ${k}: not after fold ${k - 1}`);
    }
  });
  return problems;
}

describe('walk-forward folds', () => {
  it('a hand-checked expanding layout', () => {
    const folds = walkForwardFolds({ scheme: 'expanding', start: 0, end: 200, trainSize: 50, validationSize: 20, testSize: 30, horizon: 6 });
    expect(folds[0]).toEqual({ index: 0, train: { start: 0, end: 50 }, validation: { start: 56, end: 76 }, test: { start: 82, end: 112 } });
    expect(folds[1]).toEqual({ index: 1, train: { start: 0, end: 86 }, validation: { start: 92, end: 112 }, test: { start: 118, end: 148 } });
    expect(folds).toHaveLength(3);
    expect(folds[2]?.test.end).toBeLessThanOrEqual(200);
  });

  it('purge, embargo and label horizons hold for every fold of many random layouts', () => {
    const rng = seededRng(42);
    const int = (lo: number, hi: number) => lo + Math.floor(rng.next() * (hi - lo + 1));
    let folds = 0;
    for (let trial = 0; trial < 300; trial++) {
      const horizon = int(1, 30);
      const o: WalkForwardOptions = {
        scheme: rng.next() < 0.5 ? 'expanding' : 'sliding',
        start: int(0, 300),
        end: int(1000, 5000),
        trainSize: int(50, 800),
        validationSize: rng.next() < 0.2 ? 0 : int(10, 300),
        testSize: int(10, 300),
        horizon,
        purge: horizon + int(0, 5),
        embargo: int(0, 40),
        ...(rng.next() < 0.2 ? { maxFolds: int(1, 4) } : {}),
      };
      const f = walkForwardFolds(o);
      expect(bruteForceProblems(f, o), JSON.stringify(o)).toEqual([]);
      expect(foldViolations(f, o)).toEqual([]);
      // As many folds as fit: one more would not.
      if (o.maxFolds === undefined && f.length > 0) {
        const last = f[f.length - 1] as Fold;
        expect(last.test.end + (o.embargo ?? horizon) + o.testSize).toBeGreaterThan(o.end);
      }
      folds += f.length;
    }
    expect(folds).toBeGreaterThan(300);
  });

  it('refuses a purge shorter than the label horizon, and the checker catches a leaky fold', () => {
    expect(() => walkForwardFolds({ scheme: 'sliding', start: 0, end: 1000, trainSize: 100, validationSize: 0, testSize: 50, horizon: 24, purge: 6 })).toThrow(
      /purge/,
    );
    const leaky: Fold = { index: 0, train: { start: 0, end: 100 }, validation: { start: 103, end: 150 }, test: { start: 200, end: 250 } };
    const v = foldViolations([leaky], { horizon: 6, start: 0, end: 1000 });
    expect(v.join('\n')).toMatch(/last train label reads bar 105, inside validation from 103/);
  });

  it('lowerBound: the first bar at or after a time, so a window [from, to) takes no bar before from or at to', () => {
    const times = [10, 20, 30, 40];
    expect([5, 10, 11, 20, 40, 41].map((t) => lowerBound(times, t))).toEqual([0, 0, 1, 1, 3, 4]);
  });

  it('sampleRange: first full window after warm-up, last bar with a label', () => {
    expect(sampleRange(1000, 199, 64, 24)).toEqual({ start: 262, end: 976 });
  });
});

describe.skipIf(!hasSharedData)('folds carried from BTC to SOL by time', () => {
  it('keep the purge in SOL bars, and blocks before SOL existed are empty', () => {
    const btc = realBars('BTC/USD');
    const sol = realBars('SOL/USD');
    const btcTimes = btc.map((b) => b.time);
    const solTimes = sol.map((b) => b.time);
    const range = sampleRange(btc.length, 199, 64, 24);
    const o = { scheme: 'expanding' as const, ...range, trainSize: 20_000, validationSize: 2_000, testSize: 4_000, horizon: 24, embargo: 24 };
    const folds = walkForwardFolds(o);
    expect(folds.length).toBeGreaterThan(5);
    const solFolds = folds.map((f) => foldForSeries(foldToTimes(f, btcTimes), solTimes, { horizon: 24 }));
    expect(
      foldViolations(
        solFolds.filter((f) => blocks(f).length > 0),
        { horizon: 24, embargo: 0, start: 0, end: sol.length - 24 },
      ),
    ).toEqual([]);
    // BTC's first fold trains and validates before SOL's first bar (2020-08-11) and tests across it.
    expect(solFolds[0]).toEqual({ index: 0, train: { start: 0, end: 0 }, validation: { start: 0, end: 0 }, test: { start: 0, end: 256 } });
    expect(solFolds[2]?.train.end).toBeGreaterThan(2000);
    const last = solFolds.at(-1) as Fold;
    expect(last.test.end - last.test.start).toBeGreaterThan(3_900);
    // Same instants on both assets where both have bars.
    const lastBtc = folds.at(-1) as Fold;
    expect(solTimes[last.test.start]).toBe(btcTimes[lastBtc.test.start]);
  });
});
