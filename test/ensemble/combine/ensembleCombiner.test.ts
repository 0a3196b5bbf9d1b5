import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/domain/random.js';
import type { Signal } from '../../../src/domain/signal.js';
import {
  AdaptiveWeights,
  COMBINER_KINDS,
  EnsembleCombiner,
  ensembleSpecSchema,
  fitEnsemble,
  regimeWeightsFor,
  type EnsembleMember,
  type EnsembleSpec,
} from '../../../src/ensemble/combine/index.js';
import { ALL_MEMBERS, BAR_MS, syntheticBlock } from './synthetic.js';

const validation = syntheticBlock({ n: 1500, seed: 31, informative: () => 'tcn' });
const fitted = new Map(
  COMBINER_KINDS.map((kind) => [kind, fitEnsemble({ members: ALL_MEMBERS, validation, options: { horizonMs: BAR_MS, candidates: [kind] } })]),
);
const uncalibrated = (spec: EnsembleSpec): EnsembleSpec =>
  ensembleSpecSchema.parse({ ...spec, calibration: { kind: 'none' }, calibrationChoice: { ...spec.calibrationChoice, method: 'none' } });
const neutral = { transformer: 0.5, tcn: 0.5, lstm: 0.5, cnn_lstm: 0.5, fallback: 0.5 };

describe('EnsembleCombiner output is a valid Signal', () => {
  it.each(COMBINER_KINDS)('%s: confidence = max(p, 1 - p), direction and class follow the tiers', (kind) => {
    const combiner = new EnsembleCombiner(fitted.get(kind)!);
    const rng = seededRng(32);
    const seen = new Set<string>();
    for (let i = 0; i < 600; i++) {
      const probabilities = Object.fromEntries(ALL_MEMBERS.map((m) => [m, rng.next() ** (0.3 + 2 * rng.next())]));
      const regime = ['trending', 'ranging', 'volatile'][i % 3]!;
      const out = combiner.combine({ regime, probabilities });
      const signal: Signal = { symbol: 'BTC/USD', barTime: 0, source: 'ensemble', atr: 100, ...out };
      const p = signal.probability;
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
      expect(signal.confidence).toBe(Math.max(p, 1 - p));
      expect(signal.direction).toBe(p > 0.5 ? 'long' : p < 0.5 ? 'short' : 'flat');
      const tier = signal.confidence >= 0.8 ? 'STRONG_' : '';
      const expected = signal.direction === 'flat' || signal.confidence < 0.65 ? 'HOLD' : `${tier}${signal.direction === 'long' ? 'BUY' : 'SELL'}`;
      expect(signal.class).toBe(expected);
      expect(Number.isFinite(signal.expectedReturn)).toBe(true);
      expect(signal.members.map((m) => m.name)).toEqual(ALL_MEMBERS);
      for (const m of signal.members) expect(m.probability).toBe(probabilities[m.name]);
      expect(signal.inputs['missing']).toBe(0);
      seen.add(signal.class);
    }
    // The random inputs reach every tier, so the class rule was exercised, not just HOLD.
    if (kind !== 'voting' && kind !== 'voting-adaptive') expect(seen.size).toBe(5);
  });

  it('voting: the probability is the regime-weighted mean, and the members carry those weights', () => {
    const combiner = new EnsembleCombiner(uncalibrated(fitted.get('voting')!));
    const out = combiner.combine({ regime: 'trending', probabilities: { ...neutral, transformer: 0.9 } });
    expect(out.probability).toBeCloseTo(0.5 + 0.45 * 0.4, 12);
    expect(out).toMatchObject({ direction: 'long', class: 'BUY' });
    expect(out.members.find((m) => m.name === 'transformer')!.weight).toBeCloseTo(0.45, 12);
    expect(out.members.reduce((a, m) => a + m.weight, 0)).toBeCloseTo(1, 12);
    const ranging = combiner.combine({ regime: 'ranging', probabilities: { ...neutral, fallback: 0.1 } });
    expect(ranging.probability).toBeCloseTo(0.5 - 0.25 * 0.4, 12);
    expect(ranging.class).toBe('HOLD');
  });

  it('voting: a missing member is left out and the weights renormalise over the rest', () => {
    const combiner = new EnsembleCombiner(uncalibrated(fitted.get('voting')!));
    const { fallback: _none, ...fourModels } = { ...neutral, transformer: 1 };
    const out = combiner.combine({ regime: 'volatile', probabilities: fourModels });
    expect(out.probability).toBeCloseTo(0.5 + 0.5 * (0.25 / 0.9), 12);
    expect(out.members.map((m) => m.name)).toEqual(['transformer', 'tcn', 'lstm', 'cnn_lstm']);
    expect(out.inputs['missing']).toBe(1);
    const weights = regimeWeightsFor('volatile', ['transformer', 'tcn', 'lstm', 'cnn_lstm']);
    for (const m of out.members) expect(m.weight).toBeCloseTo(weights.get(m.name as EnsembleMember)!, 12);
  });

  it('stacking: weights follow the meta-learner, and a missing member adds nothing to the logit', () => {
    const combiner = new EnsembleCombiner(uncalibrated(fitted.get('stacking')!));
    const out = combiner.combine({ regime: 'ranging', probabilities: { ...neutral, tcn: 0.8 } });
    const tcn = out.members.find((m) => m.name === 'tcn')!;
    expect(tcn.weight).toBeGreaterThan(0.8);
    for (const m of out.members) if (m.name !== 'tcn') expect(tcn.weight).toBeGreaterThan(5 * Math.abs(m.weight));
    expect(out.members.reduce((a, m) => a + Math.abs(m.weight), 0)).toBeCloseTo(1, 12);
    const { lstm: _gone, ...rest } = { ...neutral, tcn: 0.8 };
    const degraded = combiner.combine({ regime: 'ranging', probabilities: rest });
    expect(degraded.inputs['missing']).toBe(1);
    // lstm is noise, so losing it barely moves the answer.
    expect(Math.abs(degraded.probability - out.probability)).toBeLessThan(0.02);
  });

  it('best-single follows its member, and falls back to regime voting when that member is missing', () => {
    const combiner = new EnsembleCombiner(uncalibrated(fitted.get('best-single')!));
    const out = combiner.combine({ regime: 'trending', probabilities: { ...neutral, tcn: 0.9, transformer: 0.1 } });
    expect(out.probability).toBe(0.9);
    expect(out.members.find((m) => m.name === 'tcn')!.weight).toBe(1);
    expect(out.members.find((m) => m.name === 'transformer')!.weight).toBe(0);
    const { tcn: _gone, ...rest } = { ...neutral, transformer: 0.1 };
    const degraded = combiner.combine({ regime: 'trending', probabilities: rest });
    expect(degraded.probability).toBeCloseTo(0.5 - 0.4 * (0.45 / 0.8), 12);
  });

  it('uses adaptive multipliers only when the spec says voting-adaptive', () => {
    const adaptive = new EnsembleCombiner(uncalibrated(fitted.get('voting-adaptive')!));
    const plain = new EnsembleCombiner(uncalibrated(fitted.get('voting')!));
    expect(adaptive.usesAdaptiveWeights).toBe(true);
    expect(plain.usesAdaptiveWeights).toBe(false);
    expect(plain.initialAdaptiveWeights()).toBeUndefined();
    // The warm start has seen the validation block, where tcn was the informative member.
    const tracker = adaptive.initialAdaptiveWeights()!;
    expect(tracker).toBeInstanceOf(AdaptiveWeights);
    const multipliers = tracker.multipliers();
    expect(multipliers.tcn).toBeGreaterThan(multipliers.lstm);
    const input = { regime: 'ranging', probabilities: { ...neutral, tcn: 0.9 }, multipliers };
    expect(adaptive.combine(input).probability).toBeGreaterThan(adaptive.combine({ ...input, multipliers: undefined }).probability);
    expect(plain.combine(input)).toEqual(plain.combine({ ...input, multipliers: undefined }));
  });

  it('applies the calibration and custom class thresholds', () => {
    const spec = { ...uncalibrated(fitted.get('best-single')!), calibration: { kind: 'platt' as const, a: 0.5, b: 0 } };
    const out = new EnsembleCombiner(spec, { actionable: 0.55, strong: 0.6 }).combine({ regime: 'ranging', probabilities: { ...neutral, tcn: 0.9 } });
    expect(out.probability).toBeCloseTo(0.75, 12);
    expect(out.inputs['raw']).toBe(0.9);
    expect(out.class).toBe('STRONG_BUY');
  });

  it('refuses an unknown regime, no members and a probability out of range', () => {
    const combiner = new EnsembleCombiner(fitted.get('voting')!);
    expect(() => combiner.combine({ regime: 'sideways', probabilities: neutral })).toThrow(/unknown regime "sideways"/);
    expect(() => combiner.combine({ regime: 'trending', probabilities: {} })).toThrow(/none of the members/);
    expect(() => combiner.combine({ regime: 'trending', probabilities: { ...neutral, lstm: 1.2 } })).toThrow(/lstm is 1.2/);
  });
});
