import { ENSEMBLE_MEMBERS, REGIMES, type EnsembleMember, type MemberValues, type Regime } from './members.js';

export type MemberWeights = Readonly<Record<EnsembleMember, number>>;
export type RegimeWeightTable = Readonly<Record<Regime, MemberWeights>>;

/**
 * Defaults of the reference design; each row sums to 1.
 * - trending: the Transformer leads (0.45), its attention reads long trends best;
 * - volatile: the four ML models carry 0.90 together, the rules only 0.10, because fixed indicator
 *   thresholds are the first thing a volatile market breaks;
 * - ranging: balanced, with the largest single share (0.25) on the rule-based strategy: where the models
 *   have the least to read, the strategy's own record (its base rate) counts most.
 */
export const DEFAULT_REGIME_WEIGHTS: RegimeWeightTable = {
  trending: { transformer: 0.45, tcn: 0.2, lstm: 0.15, cnn_lstm: 0.1, rule: 0.1 },
  volatile: { transformer: 0.25, tcn: 0.25, lstm: 0.2, cnn_lstm: 0.2, rule: 0.1 },
  ranging: { transformer: 0.2, tcn: 0.2, lstm: 0.2, cnn_lstm: 0.15, rule: 0.25 },
};

/**
 * The weights of `present` members in `regime`, times the optional adaptive multipliers, renormalised to
 * sum to 1 over the members present. A member absent from `present` gets no weight; if every present member
 * has weight 0 the present members share equally (an ensemble must still say something).
 */
export function regimeWeightsFor(
  regime: Regime,
  present: readonly EnsembleMember[],
  table: RegimeWeightTable = DEFAULT_REGIME_WEIGHTS,
  multipliers?: MemberValues,
): Map<EnsembleMember, number> {
  if (present.length === 0) throw new RangeError('regimeWeightsFor: no member present');
  const raw = new Map<EnsembleMember, number>();
  let total = 0;
  for (const m of present) {
    const multiplier = multipliers?.[m] ?? 1;
    if (!(multiplier >= 0 && Number.isFinite(multiplier))) throw new RangeError(`regimeWeightsFor: multiplier of ${m} is ${multiplier}`);
    const w = table[regime][m] * multiplier;
    raw.set(m, w);
    total += w;
  }
  const out = new Map<EnsembleMember, number>();
  for (const m of present) out.set(m, total > 0 ? raw.get(m)! / total : 1 / present.length);
  return out;
}

/** Tolerance for "sums to 1" in stored tables: JSON keeps doubles exactly, so this only absorbs rounding in sums. */
export const WEIGHT_SUM_TOLERANCE = 1e-9;

/** Problems of a weight table (row sums, negative or non-finite weights), empty when it is sound. */
export function regimeTableProblems(table: RegimeWeightTable): string[] {
  const problems: string[] = [];
  for (const r of REGIMES) {
    let sum = 0;
    for (const m of ENSEMBLE_MEMBERS) {
      const w = table[r][m];
      if (!(w >= 0 && Number.isFinite(w))) problems.push(`${r}.${m} is ${w}, expected a weight >= 0`);
      sum += w;
    }
    if (Math.abs(sum - 1) > WEIGHT_SUM_TOLERANCE) problems.push(`${r} weights sum to ${Number(sum.toFixed(12))}, expected 1`);
  }
  return problems;
}
