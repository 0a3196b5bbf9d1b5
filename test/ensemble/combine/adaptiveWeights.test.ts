import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/domain/random.js';
import { AdaptiveWeights, DEFAULT_ADAPTIVE_OPTIONS } from '../../../src/ensemble/combine/index.js';
import { sigmoid } from '../calibration/synthetic.js';

/** tcn sees a signal with skill `edge`, lstm guesses; labels drawn from the truth. */
function feed(tracker: AdaptiveWeights, rows: number, seed: number, good: 'tcn' | 'lstm') {
  const rng = seededRng(seed);
  for (let i = 0; i < rows; i++) {
    const q = sigmoid(3 * (rng.next() - 0.5));
    const y = rng.next() < q ? 1 : 0;
    const guess = 0.35 + 0.3 * rng.next();
    tracker.observe(good === 'tcn' ? { tcn: q, lstm: guess } : { tcn: guess, lstm: q }, y);
  }
}

describe('AdaptiveWeights', () => {
  it('starts neutral: every multiplier 1 before any outcome', () => {
    const tracker = new AdaptiveWeights();
    expect(tracker.multipliers(['tcn', 'lstm'])).toMatchObject({ tcn: 1, lstm: 1 });
  });

  it('favours the member with the lower recent log loss', () => {
    const tracker = new AdaptiveWeights();
    feed(tracker, 2000, 1, 'tcn');
    const m = tracker.multipliers();
    expect(tracker.record('tcn').logLoss).toBeLessThan(tracker.record('lstm').logLoss);
    expect(tracker.record('tcn').hitRate).toBeGreaterThan(tracker.record('lstm').hitRate);
    expect(m.tcn).toBeGreaterThan(1.2);
    expect(m.lstm).toBeLessThan(0.8);
  });

  it('forgets with the half-life: after the skill moves to the other member, so do the multipliers', () => {
    const tracker = new AdaptiveWeights({ ...DEFAULT_ADAPTIVE_OPTIONS, halfLife: 200 });
    feed(tracker, 2000, 2, 'tcn');
    expect(tracker.multipliers().tcn).toBeGreaterThan(1);
    feed(tracker, 1500, 3, 'lstm');
    const m = tracker.multipliers();
    expect(m.lstm).toBeGreaterThan(1);
    expect(m.tcn).toBeLessThan(1);
  });

  it('stays within its bounds however lopsided the record', () => {
    const tracker = new AdaptiveWeights();
    for (let i = 0; i < 3000; i++) {
      const y = i % 2;
      // transformer is always right with certainty, rule always confidently wrong.
      tracker.observe({ transformer: y === 1 ? 0.999 : 0.001, tcn: 0.5, rule: y === 1 ? 0.01 : 0.99 }, y);
    }
    const m = tracker.multipliers();
    for (const v of [m.transformer, m.tcn, m.rule]) {
      expect(v).toBeGreaterThanOrEqual(DEFAULT_ADAPTIVE_OPTIONS.min);
      expect(v).toBeLessThanOrEqual(DEFAULT_ADAPTIVE_OPTIONS.max);
    }
    expect(m.transformer).toBe(DEFAULT_ADAPTIVE_OPTIONS.max);
    expect(m.rule).toBe(DEFAULT_ADAPTIVE_OPTIONS.min);
  });

  it('a short lucky streak moves a member less than a long record (the coin-flip prior)', () => {
    const short = new AdaptiveWeights();
    const long = new AdaptiveWeights();
    for (let i = 0; i < 1000; i++) {
      const y = i % 2;
      const obs = { tcn: y === 1 ? 0.7 : 0.3, lstm: 0.5 };
      if (i < 10) short.observe(obs, y);
      long.observe(obs, y);
    }
    expect(short.multipliers().tcn).toBeGreaterThan(1);
    expect(short.multipliers().tcn).toBeLessThan(long.multipliers().tcn);
  });

  it('round-trips its state through JSON and carries on identically', () => {
    const a = new AdaptiveWeights();
    feed(a, 700, 4, 'tcn');
    const b = AdaptiveWeights.fromState(JSON.parse(JSON.stringify(a.toState())));
    expect(b.multipliers()).toEqual(a.multipliers());
    expect(b.observations).toBe(700);
    feed(a, 300, 5, 'lstm');
    feed(b, 300, 5, 'lstm');
    expect(b.toState()).toEqual(a.toState());
  });

  it('refuses a corrupt state, a bad label and a bad probability', () => {
    const state = new AdaptiveWeights().toState();
    expect(() => AdaptiveWeights.fromState({ ...state, version: 2 })).toThrow();
    expect(() => AdaptiveWeights.fromState({ ...state, members: { tcn: { weight: -1, loss: 0, hits: 0 } } })).toThrow();
    expect(() => AdaptiveWeights.fromState({ ...state, options: { ...state.options, min: 1.5 } })).toThrow(/min/);
    const t = new AdaptiveWeights();
    expect(() => t.observe({ tcn: 0.5 }, 2)).toThrow(/label/);
    expect(() => t.observe({ tcn: Number.NaN }, 1)).toThrow(/probability/);
  });
});
