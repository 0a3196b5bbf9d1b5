import { logLoss } from '../../models/evaluation/classification.js';
import { fitLogisticRegression, type LogisticRegressionParams } from '../../models/evaluation/logisticRegression.js';
import { logit } from '../../models/evaluation/probability.js';
import type { EnsembleRows } from './ensembleRows.js';
import type { EnsembleMember, MemberValues, Regime } from './members.js';

/**
 * The ways of combining members that fitEnsemble chooses between on validation:
 * - voting: the regime-weighted mean of the members' probabilities (soft voting, a linear pool);
 * - voting-adaptive: the same with the regime weights scaled by AdaptiveWeights multipliers;
 * - stacking: logistic regression on the members' logits (and the regime), fitted on validation;
 * - best-single: the member with the lowest validation log loss, alone.
 */
export const COMBINER_KINDS = ['voting', 'voting-adaptive', 'stacking', 'best-single'] as const;
export type CombinerKind = (typeof COMBINER_KINDS)[number];

/** Weighted mean of the present members' probabilities; `weights` sum to 1 over them. */
export function votingProbability(probabilities: MemberValues, weights: ReadonlyMap<EnsembleMember, number>): number {
  let s = 0;
  for (const [m, w] of weights) {
    const p = probabilities[m];
    if (p === undefined) throw new RangeError(`votingProbability: weighted member ${m} has no probability`);
    s += w * p;
  }
  return s;
}

/**
 * Columns of the stacking meta-learner: one logit per member, then (optionally) indicators for trending
 * and volatile. Ranging is the reference level: a third indicator would only repeat the bias.
 */
export interface StackingLayout {
  readonly members: readonly EnsembleMember[];
  readonly regimeFeatures: boolean;
}

const REGIME_COLUMNS: readonly Regime[] = ['trending', 'volatile'];

export function stackingColumns(layout: StackingLayout): string[] {
  return [...layout.members.map((m) => `logit:${m}`), ...(layout.regimeFeatures ? REGIME_COLUMNS.map((r) => `regime:${r}`) : [])];
}

/**
 * One row of meta-features. A member without a probability gets `neutral[c]`, its column's training
 * mean, which standardises to 0: the missing member then adds nothing to the logit.
 */
export function stackingRow(layout: StackingLayout, probabilities: MemberValues, regime: Regime, neutral?: readonly number[]): Float64Array {
  const width = layout.members.length + (layout.regimeFeatures ? REGIME_COLUMNS.length : 0);
  const row = new Float64Array(width);
  layout.members.forEach((m, c) => {
    const p = probabilities[m];
    if (p !== undefined) row[c] = logit(p);
    else if (neutral !== undefined) row[c] = neutral[c]!;
    else throw new RangeError(`stackingRow: member ${m} has no probability`);
  });
  if (layout.regimeFeatures) REGIME_COLUMNS.forEach((r, k) => (row[layout.members.length + k] = regime === r ? 1 : 0));
  return row;
}

/** The meta-feature matrix of rows [start, end), row-major. */
export function stackingMatrix(layout: StackingLayout, rows: EnsembleRows, start: number, end: number): Float64Array {
  const width = stackingColumns(layout).length;
  const x = new Float64Array((end - start) * width);
  for (let i = start; i < end; i++) {
    const base = (i - start) * width;
    layout.members.forEach((m, c) => (x[base + c] = logit(rows.p.get(m)![i]!)));
    if (layout.regimeFeatures) REGIME_COLUMNS.forEach((r, k) => (x[base + layout.members.length + k] = rows.regime[i] === r ? 1 : 0));
  }
  return x;
}

/** Logistic meta-learner fitted on rows [start, end) only. */
export function fitStacking(layout: StackingLayout, rows: EnsembleRows, start: number, end: number, l2: number): LogisticRegressionParams {
  const x = stackingMatrix(layout, rows, start, end);
  const model = fitLogisticRegression(x, rows.y.subarray(start, end), end - start, stackingColumns(layout).length, { l2 });
  const { predict: _predict, predictOne: _predictOne, ...params } = model;
  return params;
}

/** The member with the lowest log loss over rows [start, end); ties go to the earlier member in ENSEMBLE_MEMBERS order. */
export function bestSingleMember(rows: EnsembleRows, start: number, end: number): EnsembleMember {
  let best: EnsembleMember | undefined;
  let bestLoss = Number.POSITIVE_INFINITY;
  const y = rows.y.subarray(start, end);
  for (const [m, column] of rows.p) {
    const loss = logLoss(column.subarray(start, end), y);
    if (loss < bestLoss) {
      best = m;
      bestLoss = loss;
    }
  }
  if (best === undefined) throw new RangeError('bestSingleMember: no rows to judge on');
  return best;
}
