import { describe, expect, it } from 'vitest';
import { seededRng } from '../../../src/domain/random.js';
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
const neutral = { transformer: 0.5, tcn: 0.5, lstm: 0.5, cnn_lstm: 0.5, rule: 0.5 };

describe('EnsembleCombiner judges a proposed trade', () => {
  it.each(COMBINER_KINDS)('%s: a probability in [0, 1] that the trade beats its costs, with every member and its weight', (kind) => {
    const combiner = new EnsembleCombiner(fitted.get(kind)!);
    const rng = seededRng(32);
    const seen = new Set<number>();
    for (let i = 0; i < 600; i++) {
      const probabilities = Object.fromEntries(ALL_MEMBERS.map((m) => [m, rng.next() ** (0.3 + 2 * rng.next())]));
      const regime = ['trending', 'ranging', 'volatile'][i % 3]!;
      const out = combiner.combine({ regime, probabilities });
      expect(out.probability).toBeGreaterThanOrEqual(0);
      expect(out.probability).toBeLessThanOrEqual(1);
      expect(Number.isFinite(out.expectedReturn)).toBe(true);
      expect(out.members.map((m) => m.name)).toEqual(ALL_MEMBERS);
      for (const m of out.members) expect(m.probability).toBe(probabilities[m.name]);
      expect(out.inputs['missing']).toBe(0);
      // No direction: the side is the strategy's.
      expect(out).not.toHaveProperty('direction');
      seen.add(Math.floor(out.probability * 5));
    }
    // The random inputs move the answer across the range, not around one value.
    if (kind !== 'voting' && kind !== 'voting-adaptive') expect(seen.size).toBeGreaterThanOrEqual(3);
  });

  it('voting: the probability is the regime-weighted mean, and the members carry those weights', () => {
    const combiner = new EnsembleCombiner(uncalibrated(fitted.get('voting')!));
    const out = combiner.combine({ regime: 'trending', probabilities: { ...neutral, transformer: 0.9 } });
    expect(out.probability).toBeCloseTo(0.5 + 0.45 * 0.4, 12);
    expect(out.members.find((m) => m.name === 'transformer')!.weight).toBeCloseTo(0.45, 12);
    expect(out.members.reduce((a, m) => a + m.weight, 0)).toBeCloseTo(1, 12);
    // The rule-based member carries a quarter of the vote in a ranging market.
    const ranging = combiner.combine({ regime: 'ranging', probabilities: { ...neutral, rule: 0.1 } });
    expect(ranging.probability).toBeCloseTo(0.5 - 0.25 * 0.4, 12);
  });

  it('voting: a missing member is left out and the weights renormalise over the rest', () => {
    const combiner = new EnsembleCombiner(uncalibrated(fitted.get('voting')!));
    const { rule: _none, ...fourModels } = { ...neutral, transformer: 1 };
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

  it('applies the calibration', () => {
    const spec = { ...uncalibrated(fitted.get('best-single')!), calibration: { kind: 'platt' as const, a: 0.5, b: 0 } };
    const out = new EnsembleCombiner(spec).combine({ regime: 'ranging', probabilities: { ...neutral, tcn: 0.9 } });
    expect(out.probability).toBeCloseTo(0.75, 12);
    expect(out.inputs['raw']).toBe(0.9);
  });

  it('refuses an unknown regime, no members and a probability out of range', () => {
    const combiner = new EnsembleCombiner(fitted.get('voting')!);
    expect(() => combiner.combine({ regime: 'sideways', probabilities: neutral })).toThrow(/unknown regime "sideways"/);
    expect(() => combiner.combine({ regime: 'trending', probabilities: {} })).toThrow(/none of the members/);
    expect(() => combiner.combine({ regime: 'trending', probabilities: { ...neutral, lstm: 1.2 } })).toThrow(/lstm is 1.2/);
  });
});
