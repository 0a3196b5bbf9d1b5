import { describe, expect, it } from 'vitest';
import { EnsembleCombiner, fitEnsemble, type EnsembleMember } from '../../../src/ensemble/combine/index.js';
import { ENSEMBLE_FORMAT, ensembleArtifactSchema, type EnsembleArtifact } from '../../../src/ensemble/ensembleArtifact.js';
import { chooseEntryThreshold } from '../../../src/ensemble/entryThreshold.js';
import { ensembleSignal } from '../../../src/runtime/ensemble/ensembleSignal.js';
import { ALL_MEMBERS, BAR_MS, syntheticBlock } from '../../ensemble/combine/synthetic.js';

const validation = syntheticBlock({ n: 600, seed: 41, informative: () => 'tcn' });
const spec = fitEnsemble({ members: ALL_MEMBERS, validation, options: { horizonMs: BAR_MS, candidates: ['voting'] } });
const combiner = new EnsembleCombiner(spec);
const range = { from: '2024-01-01T00:00:00.000Z', to: '2024-02-01T00:00:00.000Z', samples: 600 };

/** The artifact `bot optimize` writes, with this entry threshold. */
const artifact = (minConfidence: number): EnsembleArtifact =>
  ensembleArtifactSchema.parse({
    format: ENSEMBLE_FORMAT, asset: 'SOL/USD', version: 'v1', createdAt: range.from, featureSchemaHash: 'h', horizon: 6,
    members: { fallback: 'fallback' }, spec, minConfidence, ranges: { train: range, validation: range, test: range }, metrics: {},
  });
const all = (p: number) => Object.fromEntries(ALL_MEMBERS.map((m) => [m, p])) as Record<EnsembleMember, number>;
const signalAt = (minConfidence: number, p: number) =>
  ensembleSignal(combiner, artifact(minConfidence), { symbol: 'SOL/USD', barTime: 0, atr: 1 }, all(p), 'trending');

describe('ensembleSignal and the entry threshold', () => {
  it('calls a direction at or above the threshold, HOLD below it', () => {
    const strong = signalAt(0.55, 0.95);
    expect(strong.direction).toBe('long');
    const c = strong.confidence;
    expect(signalAt(c, 0.95).direction).toBe('long');
    expect(signalAt(c + 1e-9, 0.95)).toMatchObject({ direction: 'flat', class: 'HOLD', probability: strong.probability });
    expect(signalAt(0.55, 0.05).direction).toBe('short');
  });

  it('never trades when validation found no threshold with an edge', () => {
    // Members that were right on validation, scored against returns of the opposite sign: every threshold loses.
    const p = validation.p.tcn;
    const losing = validation.forwardReturn.map((r) => -r);
    const none = chooseEntryThreshold(p, losing, 0.001).threshold;
    expect(none).toBeGreaterThan(1);
    for (const q of [0.999, 0.9, 0.1, 0.001]) expect(signalAt(none, q)).toMatchObject({ direction: 'flat', class: 'HOLD' });
  });
});
