import { describe, expect, it } from 'vitest';
import { DEFAULT_REGIME_WEIGHTS, ENSEMBLE_MEMBERS, REGIMES, regimeTableProblems, regimeWeightsFor } from '../../../src/ensemble/combine/index.js';

const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

describe('regime weights', () => {
  it('default rows sum to 1 and follow the reference design', () => {
    for (const r of REGIMES) {
      expect(ENSEMBLE_MEMBERS.reduce((a, m) => a + DEFAULT_REGIME_WEIGHTS[r][m], 0)).toBeCloseTo(1, 12);
    }
    expect(regimeTableProblems(DEFAULT_REGIME_WEIGHTS)).toEqual([]);
    const trending = DEFAULT_REGIME_WEIGHTS.trending;
    expect(trending.transformer).toBe(0.45);
    expect(Math.max(...ENSEMBLE_MEMBERS.map((m) => trending[m]))).toBe(trending.transformer);
    expect(1 - DEFAULT_REGIME_WEIGHTS.volatile.rule).toBeCloseTo(0.9, 12);
    expect(DEFAULT_REGIME_WEIGHTS.ranging.rule).toBe(0.25);
  });

  it('renormalises over the members present', () => {
    const w = regimeWeightsFor('trending', ['transformer', 'rule']);
    expect(w.get('transformer')).toBeCloseTo(0.45 / 0.55, 12);
    expect(w.get('rule')).toBeCloseTo(0.1 / 0.55, 12);
    expect(w.has('tcn')).toBe(false);
    for (const r of REGIMES) {
      expect(sum(regimeWeightsFor(r, ['tcn', 'lstm', 'cnn_lstm']))).toBeCloseTo(1, 12);
      expect(regimeWeightsFor(r, ['lstm']).get('lstm')).toBe(1);
    }
  });

  it('scales by multipliers, then renormalises', () => {
    const w = regimeWeightsFor('volatile', ['transformer', 'tcn'], DEFAULT_REGIME_WEIGHTS, { transformer: 2, tcn: 0.5 });
    expect(w.get('transformer')).toBeCloseTo(0.8, 12);
    expect(w.get('tcn')).toBeCloseTo(0.2, 12);
    expect(() => regimeWeightsFor('volatile', ['tcn'], DEFAULT_REGIME_WEIGHTS, { tcn: Number.NaN })).toThrow(/multiplier/);
  });

  it('shares equally when every present member has weight 0, and refuses no member', () => {
    const table = { ...DEFAULT_REGIME_WEIGHTS, ranging: { transformer: 1, tcn: 0, lstm: 0, cnn_lstm: 0, rule: 0 } };
    const w = regimeWeightsFor('ranging', ['tcn', 'lstm'], table);
    expect(w.get('tcn')).toBe(0.5);
    expect(() => regimeWeightsFor('ranging', [])).toThrow(/no member/);
  });

  it('names a table row that does not sum to 1', () => {
    const bad = { ...DEFAULT_REGIME_WEIGHTS, volatile: { ...DEFAULT_REGIME_WEIGHTS.volatile, rule: 0.2 } };
    expect(regimeTableProblems(bad)).toEqual([expect.stringMatching(/^volatile weights sum to 1\.1/)]);
  });
});
