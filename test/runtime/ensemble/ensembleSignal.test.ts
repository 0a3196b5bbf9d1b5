import { describe, expect, it } from 'vitest';
import type { Signal } from '../../../src/domain/signal.js';
import { EnsembleCombiner, fitEnsemble, type EnsembleMember } from '../../../src/ensemble/combine/index.js';
import { ensembleId } from '../../../src/ensemble/ensembleArtifact.js';
import { chooseEntryThreshold, thresholdGrid } from '../../../src/ensemble/entryThreshold.js';
import { ensembleSignal } from '../../../src/runtime/ensemble/ensembleSignal.js';
import { ALL_MEMBERS, BAR_MS, syntheticBlock } from '../../ensemble/combine/synthetic.js';

const validation = syntheticBlock({ n: 600, seed: 41, informative: () => 'tcn' });
const spec = fitEnsemble({ members: ALL_MEMBERS, validation, options: { horizonMs: BAR_MS, candidates: ['voting'] } });
const combiner = new EnsembleCombiner(spec);
const TIERS = [{ minConfidence: 0.9 }, { minConfidence: 0.8 }, { minConfidence: 0.7 }, { minConfidence: 0.65 }];

/** What the rule-based strategy proposes at a decision bar: a long of 0.4 of the sleeve. */
const proposal: Signal = {
  symbol: 'SOL/USD',
  barTime: 0,
  source: 'rule',
  direction: 'long',
  exposure: 0.4,
  rebalance: true,
  horizonBars: 24,
  class: 'BUY',
  atr: 3,
  members: [],
  inputs: { strength: 1 },
};
const all = (p: number) => Object.fromEntries(ALL_MEMBERS.map((m) => [m, p])) as Record<EnsembleMember, number>;
const judged = (minConfidence: number, p: number, s: Signal = proposal) =>
  ensembleSignal(combiner, { minConfidence, model: ensembleId({ pool: ['SOL/USD'], version: 'v7' }) }, s, all(p), 'trending');

describe("ensembleSignal: the ensemble judges the strategy's proposed trade", () => {
  it("keeps the strategy's side, exposure, cadence, horizon and ATR; its confidence is the calibrated probability", () => {
    const s = judged(0.65, 0.95);
    expect(s).toMatchObject({ source: 'ensemble', direction: 'long', exposure: 0.4, rebalance: true, horizonBars: 24, atr: 3, class: 'BUY' });
    expect(s.confidence).toBe(combiner.combine({ regime: 'trending', probabilities: all(0.95) }).probability);
    expect(s.probability).toBeUndefined();
    expect(s.members.map((m) => m.name)).toEqual(ALL_MEMBERS);
    // The version that judged, and the side it judged (kept when the trade is not taken), go on record.
    expect(s.model).toBe('ensemble/SOL-USD/v7');
    expect(judged(0.99, 0.5).inputs['proposedSide']).toBe(1);
  });

  it('takes the trade at or above the entry threshold; below it the signal is flat (a held position is closed)', () => {
    const c = judged(0.65, 0.95).confidence!;
    expect(judged(c, 0.95).direction).toBe('long');
    expect(judged(c + 1e-9, 0.95)).toMatchObject({ direction: 'flat', exposure: 0, class: 'HOLD', confidence: c });
  });

  it('judges nothing between decisions and when the strategy is flat', () => {
    const between = judged(0.65, 0.95, { ...proposal, rebalance: false });
    expect(between).toMatchObject({ source: 'ensemble', direction: 'long', rebalance: false, members: [] });
    expect(between.confidence).toBeUndefined();
    expect(between.model).toBe('ensemble/SOL-USD/v7');
    expect(judged(0.65, 0.95, { ...proposal, direction: 'flat', exposure: 0 }).confidence).toBeUndefined();
  });

  it('never trades when validation found no threshold with an edge', () => {
    // Members that were right on validation, scored against returns of the opposite sign: every threshold loses.
    const losing = validation.forwardReturn.map((r) => -r);
    const none = chooseEntryThreshold(validation.p.tcn, losing, 0.001, thresholdGrid(TIERS), 5).threshold;
    expect(none).toBeGreaterThan(1);
    for (const q of [0.999, 0.9, 0.1]) expect(judged(none, q)).toMatchObject({ direction: 'flat', class: 'HOLD' });
  });
});
