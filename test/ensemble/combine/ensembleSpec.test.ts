import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/internal/errors.js';
import {
  COMBINER_KINDS,
  EnsembleCombiner,
  fitEnsemble,
  parseEnsembleSpec,
  type EnsembleMember,
  type EnsembleMethod,
  type EnsembleSpec,
} from '../../../src/ensemble/combine/index.js';
import { ALL_MEMBERS, BAR_MS, syntheticBlock } from './synthetic.js';

const validation = syntheticBlock({ n: 1500, seed: 11, informative: () => 'transformer' });
const specs = new Map(
  COMBINER_KINDS.map((kind) => [kind, fitEnsemble({ members: ALL_MEMBERS, validation, options: { horizonMs: BAR_MS, candidates: [kind] } })]),
);
const roundTrip = (spec: EnsembleSpec): unknown => JSON.parse(JSON.stringify(spec));

describe('ensemble spec JSON', () => {
  it.each(COMBINER_KINDS)('a %s spec survives JSON and zod unchanged, and combines the same', (kind) => {
    const spec = specs.get(kind)!;
    expect(spec.method.kind).toBe(kind);
    const loaded = parseEnsembleSpec(roundTrip(spec), 'models/ensemble/BTC-USD.json');
    expect(loaded).toEqual(spec);
    const a = new EnsembleCombiner(spec);
    const b = new EnsembleCombiner(loaded);
    for (const regime of ['trending', 'ranging', 'volatile']) {
      const probabilities = { transformer: 0.83, tcn: 0.4, lstm: 0.55, cnn_lstm: 0.47, rule: 0.6 };
      expect(b.combine({ regime, probabilities })).toEqual(a.combine({ regime, probabilities }));
    }
  });

  it('stores an undefined metric as null, not as a made-up number', () => {
    const constant = { ...validation, p: { ...validation.p, rule: new Float64Array(validation.y.length).fill(0.5) } };
    const spec = fitEnsemble({ members: ALL_MEMBERS, validation: constant, options: { horizonMs: BAR_MS, candidates: ['voting'] } });
    expect(spec.memberMetrics.rule!.auc).toBe(0.5);
    const oneClass = { ...validation, y: new Uint8Array(validation.y.length).fill(1) };
    const s = fitEnsemble({ members: ['tcn'], validation: oneClass, options: { horizonMs: BAR_MS, candidates: ['voting'] } });
    expect(s.memberMetrics.tcn!.auc).toBeNull();
    expect(parseEnsembleSpec(roundTrip(s), 'x.json')).toEqual(s);
  });

  const corruptions: [string, (s: EnsembleSpec) => void, RegExp][] = [
    ['a regime row that does not sum to 1', (s) => (s.regimeWeights.trending.transformer = 0.5), /regimeWeights: trending weights sum to 1\.05/],
    ['an unknown member', (s) => s.members.push('gru' as EnsembleMember), /members\.\d/],
    ['a member listed twice', (s) => s.members.push(s.members[0]!), /listed twice/],
    ['a missing calibration', (s) => Reflect.deleteProperty(s, 'calibration'), /calibration/],
    ['an unknown method', (s) => (s.method = { kind: 'bagging' } as unknown as EnsembleMethod), /method/],
    ['a selection that disagrees with the method', (s) => (s.selection.chosen = 'voting'), /selection\.chosen/],
    ['an unexpected key (a hand edit)', (s) => Object.assign(s, { note: 'tuned by hand' }), /note/],
  ];
  it.each(corruptions)('refuses %s with a UserError that names the file and the key', (_, corrupt, message) => {
    const data = structuredClone(specs.get('stacking')!);
    corrupt(data);
    let error: unknown;
    try {
      parseEnsembleSpec(roundTrip(data), 'models/ensemble/ETH-USD.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(/^models\/ensemble\/ETH-USD\.json is not a valid ensemble spec/);
    expect((error as UserError).message).toMatch(message);
    expect((error as UserError).hint).toMatch(/refit the ensemble/);
  });

  it('refuses stacking columns that do not match the members, and a best-single member that is not one', () => {
    const stacking = structuredClone(specs.get('stacking')!);
    stacking.members = stacking.members.slice(1);
    expect(() => parseEnsembleSpec(roundTrip(stacking), 'a.json')).toThrow(/method\.columns/);
    const single = structuredClone(specs.get('best-single')!);
    single.members = ['tcn'];
    expect(() => parseEnsembleSpec(roundTrip(single), 'b.json')).toThrow(/method\.member: transformer is not a member/);
  });
});
