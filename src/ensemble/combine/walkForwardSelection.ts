import { logLoss } from '../../models/evaluation/classification.js';
import { logisticRegressionFromParams } from '../../models/evaluation/logisticRegression.js';
import { UserError } from '../../internal/errors.js';
import type { AdaptiveWeightsOptions } from './adaptiveWeights.js';
import { bestSingleMember, fitStacking, stackingMatrix, type CombinerKind, type StackingLayout } from './combiners.js';
import type { EnsembleRows } from './ensembleRows.js';
import type { EnsembleMember } from './members.js';
import type { RegimeWeightTable } from './regimeWeights.js';
import { adaptiveVotingStream, votingStream } from './votingStream.js';

export interface SelectionOptions {
  readonly candidates: readonly CombinerKind[];
  /** Contiguous chunks the validation rows are cut into; chunks 1..chunks-1 are scored. */
  readonly chunks: number;
  readonly minChunkRows: number;
  /** Time from a row until its label is known: label horizon x bar length, in the units of `time`. */
  readonly horizonMs: number;
  readonly table: RegimeWeightTable;
  readonly adaptive: AdaptiveWeightsOptions;
  readonly stacking: StackingLayout;
  readonly stackingL2: number;
}

/** What happened in one scored chunk: the rows fitted on, the rows scored, and the member best-single used. */
export interface SelectionFold {
  readonly trainEnd: number;
  readonly testStart: number;
  readonly testEnd: number;
  readonly bestMember: EnsembleMember;
}

export interface WalkForwardSelection {
  readonly bounds: readonly number[];
  /** First scored row (the start of chunk 1); predictions below are for rows [scoredFrom, n). */
  readonly scoredFrom: number;
  readonly predictions: ReadonlyMap<CombinerKind, Float64Array>;
  /** Pooled out-of-chunk log loss of each candidate over the same rows. */
  readonly logLoss: ReadonlyMap<CombinerKind, number>;
  readonly folds: readonly SelectionFold[];
}

/**
 * Scores every candidate forward in time inside the validation block: for chunk k = 1..chunks-1, what is
 * fitted (the stacking weights, the best member) is fitted on chunks 0..k-1 and scored on chunk k.
 * Training rows whose label is not yet known at the first row of chunk k (time + horizonMs past it) are
 * purged, since their outcome lies inside the chunk being scored. Voting fits nothing and adaptive
 * voting only uses released outcomes (votingStream.ts), so their predictions are out of sample as they
 * stand. Every candidate is scored on the same rows, so the log losses compare like with like.
 */
export function walkForwardSelection(rows: EnsembleRows, o: SelectionOptions): WalkForwardSelection {
  if (!Number.isInteger(o.chunks) || o.chunks < 2) throw new RangeError(`walkForwardSelection: chunks must be an integer >= 2, got ${o.chunks}`);
  if (!(o.horizonMs > 0)) throw new RangeError(`walkForwardSelection: horizonMs must be > 0, got ${o.horizonMs}`);
  if (o.candidates.length === 0) throw new RangeError('walkForwardSelection: no candidate methods');
  const n = rows.n;
  if (Math.floor(n / o.chunks) < o.minChunkRows) {
    throw new UserError(`the validation block has ${n} rows; choosing an ensemble method needs ${o.chunks} chunks of at least ${o.minChunkRows} rows`, {
      hint: `lengthen the validation period to at least ${o.chunks * o.minChunkRows} bars, or use fewer chunks`,
    });
  }
  const bounds = Array.from({ length: o.chunks + 1 }, (_, k) => Math.round((k * n) / o.chunks));
  const scoredFrom = bounds[1]!;
  const folds: SelectionFold[] = [];
  for (let k = 1; k < o.chunks; k++) {
    const testStart = bounds[k]!;
    let trainEnd = testStart;
    while (trainEnd > 0 && rows.time[trainEnd - 1]! + o.horizonMs > rows.time[testStart]!) trainEnd--;
    if (trainEnd < o.minChunkRows) {
      throw new UserError(`the label horizon (${o.horizonMs} ms) purges chunk ${k - 1} of the ensemble's validation block down to ${trainEnd} rows`, {
        hint: 'lengthen the validation period or use fewer chunks, so that each chunk is much longer than the label horizon',
      });
    }
    folds.push({ trainEnd, testStart, testEnd: bounds[k + 1]!, bestMember: bestSingleMember(rows, 0, trainEnd) });
  }

  const predictions = new Map<CombinerKind, Float64Array>();
  for (const kind of o.candidates) {
    let p: Float64Array;
    switch (kind) {
      case 'voting':
        p = votingStream(rows, o.table).slice(scoredFrom);
        break;
      case 'voting-adaptive':
        p = adaptiveVotingStream(rows, o.table, o.adaptive, o.horizonMs).p.slice(scoredFrom);
        break;
      case 'stacking':
        p = new Float64Array(n - scoredFrom);
        for (const f of folds) {
          const model = logisticRegressionFromParams(fitStacking(o.stacking, rows, 0, f.trainEnd, o.stackingL2));
          p.set(model.predict(stackingMatrix(o.stacking, rows, f.testStart, f.testEnd)), f.testStart - scoredFrom);
        }
        break;
      case 'best-single':
        p = new Float64Array(n - scoredFrom);
        for (const f of folds) p.set(rows.p.get(f.bestMember)!.subarray(f.testStart, f.testEnd), f.testStart - scoredFrom);
        break;
    }
    predictions.set(kind, p);
  }
  const scoredY = rows.y.subarray(scoredFrom);
  const losses = new Map<CombinerKind, number>();
  for (const [kind, p] of predictions) losses.set(kind, logLoss(p, scoredY));
  return { bounds, scoredFrom, predictions, logLoss: losses, folds };
}

/** Lowest log loss wins; ties go to the earlier candidate in `candidates` (list simpler methods first). */
export function chooseCandidate(selection: WalkForwardSelection, candidates: readonly CombinerKind[]): CombinerKind {
  let chosen = candidates[0]!;
  for (const kind of candidates) if (selection.logLoss.get(kind)! < selection.logLoss.get(chosen)!) chosen = kind;
  return chosen;
}
