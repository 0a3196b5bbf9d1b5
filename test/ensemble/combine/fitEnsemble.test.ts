import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/internal/errors.js';
import {
  adaptiveVotingStream,
  checkedRows,
  COMBINER_KINDS,
  DEFAULT_ADAPTIVE_OPTIONS,
  DEFAULT_REGIME_WEIGHTS,
  EnsembleCombiner,
  fitEnsemble,
  walkForwardSelection,
  type EnsembleMember,
} from '../../../src/ensemble/combine/index.js';
import { ALL_MEMBERS, BAR_MS, syntheticBlock } from './synthetic.js';

const options = { horizonMs: BAR_MS };

describe('fitEnsemble: choosing the method', () => {
  const block = syntheticBlock({ n: 3000, seed: 1, informative: () => 'tcn' });
  const spec = fitEnsemble({ members: ALL_MEMBERS, validation: block, options });

  it('stacking beats voting when one member is informative and the others are noise', () => {
    const ll = spec.selection.logLoss;
    expect(ll.stacking!).toBeLessThan(ll.voting! - 0.05);
    expect(ll.stacking!).toBeLessThan(ll['voting-adaptive']!);
    expect(spec.selection.chosen).toBe('stacking');
    expect(spec.method.kind).toBe('stacking');
    if (spec.method.kind !== 'stacking') return;
    // The meta-learner leans on the informative member's logit and next to nothing else.
    const [transformer, tcn, lstm, cnnLstm, rule] = spec.method.model.weights.map(Math.abs);
    expect(tcn!).toBeGreaterThan(10 * Math.max(transformer!, lstm!, cnnLstm!, rule!));
  });

  it('adapted voting learns to trust the informative member more than fixed regime weights do', () => {
    expect(spec.selection.logLoss['voting-adaptive']!).toBeLessThan(spec.selection.logLoss.voting!);
  });

  it('records per-member validation metrics', () => {
    expect(Object.keys(spec.memberMetrics).sort()).toEqual([...ALL_MEMBERS].sort());
    const tcn = spec.memberMetrics.tcn!;
    expect(tcn.count).toBe(3000);
    for (const m of ALL_MEMBERS.filter((x) => x !== 'tcn')) {
      expect(spec.memberMetrics[m]!.logLoss!).toBeGreaterThan(tcn.logLoss!);
      expect(spec.memberMetrics[m]!.auc!).toBeGreaterThan(0.45);
      expect(spec.memberMetrics[m]!.auc!).toBeLessThan(0.55);
    }
    expect(tcn.auc!).toBeGreaterThan(0.75);
  });

  it('best-single picks the informative member, whichever it is', () => {
    for (const informative of ['cnn_lstm', 'rule'] as EnsembleMember[]) {
      const b = syntheticBlock({ n: 1500, seed: 2, informative: () => informative });
      const s = fitEnsemble({ members: ALL_MEMBERS, validation: b, options: { ...options, candidates: ['best-single'] } });
      expect(s.method).toEqual({ kind: 'best-single', member: informative });
      expect(s.selection.folds.map((f) => f.bestMember)).toEqual([informative, informative, informative, informative]);
    }
  });

  it('is deterministic', () => {
    expect(fitEnsemble({ members: ALL_MEMBERS, validation: block, options })).toEqual(spec);
  });
});

describe('fitEnsemble: no peeking at the chunk being scored', () => {
  // tcn is informative in chunks 0-3, lstm only in the last chunk (rows 2400-2999 of 5 chunks).
  const shifted = syntheticBlock({ n: 3000, seed: 3, informative: (i) => (i < 2400 ? 'tcn' : 'lstm') });

  it('the method scored on the last chunk was chosen on the earlier chunks, which favour another member', () => {
    const spec = fitEnsemble({ members: ALL_MEMBERS, validation: shifted, options: { ...options, candidates: ['best-single'] } });
    const last = spec.selection.folds.at(-1)!;
    expect(last).toMatchObject({ testStart: 2400, testEnd: 3000, bestMember: 'tcn' });
    // A selector that looked at chunk 4 would have used lstm there and scored far better on it.
    const lstmOnLast = fitEnsemble({
      members: ALL_MEMBERS,
      validation: syntheticBlock({ n: 3000, seed: 3, informative: () => 'lstm' }),
      options: { ...options, candidates: ['best-single'] },
    });
    expect(lstmOnLast.selection.folds.at(-1)!.bestMember).toBe('lstm');
    expect(spec.selection.logLoss['best-single']!).toBeGreaterThan(lstmOnLast.selection.logLoss['best-single']! + 0.02);
  });

  it('changing the labels of the last chunk changes no choice and no prediction made before they were known', () => {
    const flipped = { ...shifted, y: shifted.y.map((v, i) => (i >= 2400 ? 1 - v : v)) };
    const selection = (v: typeof shifted) =>
      walkForwardSelection(checkedRows(ALL_MEMBERS, v), {
        candidates: COMBINER_KINDS,
        chunks: 5,
        minChunkRows: 50,
        horizonMs: BAR_MS,
        table: DEFAULT_REGIME_WEIGHTS,
        adaptive: DEFAULT_ADAPTIVE_OPTIONS,
        stacking: { members: ALL_MEMBERS, regimeFeatures: true },
        stackingL2: 1e-2,
      });
    const a = selection(shifted);
    const b = selection(flipped);
    expect(b.folds).toEqual(a.folds);
    for (const kind of ['voting', 'stacking', 'best-single'] as const) expect(b.predictions.get(kind)).toEqual(a.predictions.get(kind));
    // Adaptive voting may learn from row 2400's label from row 2401 (one bar later) on, never before.
    const adaptiveA = a.predictions.get('voting-adaptive')!;
    const adaptiveB = b.predictions.get('voting-adaptive')!;
    const changed = adaptiveA.findIndex((v, i) => v !== adaptiveB[i]);
    expect(changed).toBeGreaterThan(-1);
    expect(changed + a.scoredFrom).toBeGreaterThanOrEqual(2401);
    // ...so the chunk's score changes, as it must: it is scored on those labels.
    expect(b.logLoss.get('stacking')).not.toBe(a.logLoss.get('stacking'));
  });
});

describe('adaptive voting replay', () => {
  it('hands an outcome to the tracker exactly when it becomes known (horizon 10 bars), not a row earlier', () => {
    const block = syntheticBlock({ n: 400, seed: 4, informative: () => 'tcn', members: ['tcn', 'lstm'] });
    // Wide bounds so that a single outcome visibly moves the multipliers.
    const adaptive = { ...DEFAULT_ADAPTIVE_OPTIONS, min: 0.01, max: 100, priorWeight: 1 };
    const run = (y: Uint8Array) => adaptiveVotingStream(checkedRows(['tcn', 'lstm'], { ...block, y }), DEFAULT_REGIME_WEIGHTS, adaptive, 10 * BAR_MS).p;
    const j = 200;
    const before = run(block.y);
    const after = run(block.y.map((v, i) => (i === j ? 1 - v : v)));
    expect(before.findIndex((v, i) => v !== after[i])).toBe(j + 10);
  });
});

describe('fitEnsemble: calibration', () => {
  /** Share of rows the direction was right, and the mean confidence, per confidence bucket of width 0.1. */
  function buckets(p: Float64Array, y: Uint8Array) {
    const rows = Array.from({ length: 5 }, () => ({ n: 0, confidence: 0, right: 0 }));
    for (let i = 0; i < p.length; i++) {
      if (p[i] === 0.5) continue;
      const confidence = Math.max(p[i]!, 1 - p[i]!);
      const b = rows[Math.min(4, Math.floor((confidence - 0.5) * 10))]!;
      b.n++;
      b.confidence += confidence;
      b.right += p[i]! > 0.5 === (y[i] === 1) ? 1 : 0;
    }
    return rows.filter((b) => b.n >= 400).map((b) => ({ n: b.n, confidence: b.confidence / b.n, observed: b.right / b.n }));
  }

  it('on held-out predictions, the observed frequency in each confidence bucket matches the confidence', () => {
    // An over-confident lone member: best-single alone would promise far more than it delivers.
    const validation = syntheticBlock({ n: 4000, seed: 5, informative: () => 'transformer', sharpness: 2.5 });
    const heldOut = syntheticBlock({ n: 20000, seed: 6, informative: () => 'transformer', sharpness: 2.5, startTime: Date.UTC(2025, 0, 1) });
    const spec = fitEnsemble({ members: ALL_MEMBERS, validation, options: { ...options, candidates: ['best-single'] } });
    expect(spec.method).toEqual({ kind: 'best-single', member: 'transformer' });
    expect(spec.calibration.kind).not.toBe('none');

    const raw = buckets(heldOut.p.transformer, heldOut.y);
    expect(Math.max(...raw.map((b) => b.confidence - b.observed))).toBeGreaterThan(0.08);

    const combiner = new EnsembleCombiner(spec);
    const calibrated = new Float64Array(heldOut.y.length);
    for (let i = 0; i < calibrated.length; i++) {
      const probabilities = Object.fromEntries(ALL_MEMBERS.map((m) => [m, heldOut.p[m][i]!]));
      calibrated[i] = combiner.combine({ regime: heldOut.regime[i]!, probabilities }).probability;
    }
    const table = buckets(calibrated, heldOut.y);
    expect(table.length).toBeGreaterThanOrEqual(4);
    for (const b of table) expect(Math.abs(b.observed - b.confidence)).toBeLessThan(0.035);
  });
});

describe('fitEnsemble: expected return', () => {
  it('maps higher P(up) to a higher expected return, negative below 1/2 and positive above', () => {
    const validation = syntheticBlock({ n: 3000, seed: 7, informative: () => 'tcn' });
    const spec = fitEnsemble({ members: ALL_MEMBERS, validation, options });
    expect(spec.expectedReturn.kind).toBe('buckets');
    const combiner = new EnsembleCombiner(spec);
    const at = (tcn: number) => combiner.combine({ regime: 'ranging', probabilities: { transformer: 0.5, tcn, lstm: 0.5, cnn_lstm: 0.5, rule: 0.5 } });
    const low = at(0.1);
    const high = at(0.9);
    expect(low.probability).toBeLessThan(0.3);
    expect(low.expectedReturn).toBeLessThan(-0.002);
    expect(high.expectedReturn).toBeGreaterThan(0.002);
    expect(at(0.6).expectedReturn).toBeLessThanOrEqual(at(0.7).expectedReturn);
  });

  it('claims no expected return without forward returns', () => {
    const { forwardReturn: _omit, ...validation } = syntheticBlock({ n: 1000, seed: 8, informative: () => 'tcn' });
    const spec = fitEnsemble({ members: ['tcn', 'lstm'], validation, options });
    expect(spec.expectedReturn).toEqual({ kind: 'none' });
    expect(new EnsembleCombiner(spec).combine({ regime: 'trending', probabilities: { tcn: 0.9, lstm: 0.5 } }).expectedReturn).toBe(0);
  });
});

describe('fitEnsemble: inputs', () => {
  const small = syntheticBlock({ n: 1000, seed: 9, informative: () => 'tcn', members: ['tcn', 'lstm'] });

  it('fits a subset of members and ignores the rest', () => {
    const spec = fitEnsemble({ members: ['lstm', 'tcn'], validation: small, options });
    expect(spec.members).toEqual(['tcn', 'lstm']);
  });

  it('tells the user when the validation block is too short for the walk-forward choice', () => {
    const short = syntheticBlock({ n: 200, seed: 10, informative: () => 'tcn', members: ['tcn'] });
    expect(() => fitEnsemble({ members: ['tcn'], validation: short, options })).toThrow(UserError);
    expect(() => fitEnsemble({ members: ['tcn'], validation: short, options })).toThrow(/200 rows/);
  });

  it('purges training rows whose label reaches into the scored chunk', () => {
    const spec = fitEnsemble({ members: ['tcn', 'lstm'], validation: small, options: { horizonMs: 10 * BAR_MS } });
    for (const f of spec.selection.folds) expect(f.trainEnd).toBe(f.testStart - 9);
    expect(() => fitEnsemble({ members: ['tcn', 'lstm'], validation: small, options: { horizonMs: 160 * BAR_MS } })).toThrow(/purges/);
  });

  it('takes rows of several assets at the same time, and purges by time across them', () => {
    // Two assets' rows interleaved: every time appears twice.
    const pooled = { ...small, time: Float64Array.from(small.time, (_, i) => small.time[0]! + Math.floor(i / 2) * BAR_MS) };
    const spec = fitEnsemble({ members: ['tcn', 'lstm'], validation: pooled, options: { horizonMs: 10 * BAR_MS } });
    for (const f of spec.selection.folds) {
      expect(pooled.time[f.trainEnd - 1]! + 10 * BAR_MS).toBeLessThanOrEqual(pooled.time[f.testStart]!);
      expect(pooled.time[f.trainEnd]! + 10 * BAR_MS).toBeGreaterThan(pooled.time[f.testStart]!);
    }
  });

  it('refuses inconsistent inputs as programming errors', () => {
    expect(() => fitEnsemble({ members: ['tcn', 'rnn'], validation: small, options })).toThrow(/unknown member "rnn"/);
    expect(() => fitEnsemble({ members: ['transformer'], validation: small, options })).toThrow(/no predictions for member transformer/);
    const backwards = { ...small, time: small.time.slice().reverse() };
    expect(() => fitEnsemble({ members: ['tcn'], validation: backwards, options })).toThrow(/must not decrease/);
    const badRegime = { ...small, regime: small.regime.map((r, i) => (i === 5 ? 'sideways' : r)) };
    expect(() => fitEnsemble({ members: ['tcn'], validation: badRegime, options })).toThrow(/regime\[5\]: unknown regime "sideways"/);
    expect(() => fitEnsemble({ members: ['tcn'], validation: small, options: { horizonMs: 0 } })).toThrow(/horizonMs/);
  });
});
