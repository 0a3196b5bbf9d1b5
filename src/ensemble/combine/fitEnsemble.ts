import { accuracy, brierScore, expectedCalibrationError, logLoss, rocAuc } from '../../models/evaluation/classification.js';
import { mean } from '../../models/evaluation/numbers.js';
import { applyCalibration } from '../calibration/calibrator.js';
import { chooseCalibration, type ChooseCalibrationOptions } from '../calibration/chooseCalibration.js';
import { DEFAULT_ADAPTIVE_OPTIONS, type AdaptiveWeightsOptions } from './adaptiveWeights.js';
import { bestSingleMember, COMBINER_KINDS, fitStacking, stackingColumns, type CombinerKind, type StackingLayout } from './combiners.js';
import { checkedRows, type EnsembleRows, type EnsembleValidation } from './ensembleRows.js';
import { ensembleSpecSchema, metricOrNull, type EnsembleMethod, type EnsembleSpec, type MemberMetrics } from './ensembleSpec.js';
import { fitExpectedReturnMap } from './expectedReturnMap.js';
import type { EnsembleMember } from './members.js';
import { DEFAULT_REGIME_WEIGHTS, type RegimeWeightTable } from './regimeWeights.js';
import { adaptiveVotingStream } from './votingStream.js';
import { chooseCandidate, walkForwardSelection } from './walkForwardSelection.js';

export interface FitEnsembleOptions {
  /** Label horizon x bar length (ms): how long after a row's time its label is known. Required: a guess could leak. */
  readonly horizonMs: number;
  /** Methods to try, simplest first (ties go to the earlier). Default voting, best-single, voting-adaptive, stacking. */
  readonly candidates?: readonly CombinerKind[];
  /** Contiguous chunks for the walk-forward choice of method. Default 5. */
  readonly chunks?: number;
  /** Fewest rows per chunk. Default 50. */
  readonly minChunkRows?: number;
  readonly regimeWeights?: RegimeWeightTable;
  readonly adaptive?: AdaptiveWeightsOptions;
  /** Give the meta-learner the regime as well as the member logits. Default true. */
  readonly stackingRegimeFeatures?: boolean;
  /** L2 penalty of the meta-learner on standardised weights. Default 1e-2. */
  readonly stackingL2?: number;
  readonly calibration?: ChooseCalibrationOptions;
  /** Probability buckets of the expected-return mapping. Default 10. */
  readonly returnBuckets?: number;
}

export interface FitEnsembleInput {
  readonly members: readonly string[];
  readonly validation: EnsembleValidation;
  readonly options: FitEnsembleOptions;
}

const DEFAULT_CANDIDATES: readonly CombinerKind[] = ['voting', 'best-single', 'voting-adaptive', 'stacking'];

/**
 * Fits the ensemble on a validation block of member predictions (rows the members never trained on), in
 * four steps, none of which is scored on anything it was fitted with:
 *
 * 1. Choice of method (walkForwardSelection): each candidate is fitted on chunks 0..k-1 (minus the rows
 *    whose labels reach into chunk k) and scored on chunk k; adaptive voting only sees outcomes once they
 *    are known. The lowest pooled out-of-chunk log loss wins.
 * 2. Refit: the chosen method is refitted on the whole block. Its score is not recomputed on the block;
 *    the refitted model is only ever applied to bars after the block.
 * 3. Calibration: chooseCalibration on the chosen method's out-of-chunk predictions, which no fitted part
 *    of the method saw; it picks none/Platt/isotonic by its own forward chunks, then refits on all of them.
 *    Those predictions come from models fitted on less data than the final refit, the usual price of
 *    calibrating on honest predictions rather than on in-sample ones (which would be over-confident).
 * 4. Expected return: mean forward return per bucket of calibrated out-of-chunk probability.
 *
 * The block as a whole was used for choosing and fitting, so it is no test set: the ensemble's score must
 * come from later bars (a walk-forward backtest).
 */
export function fitEnsemble({ members, validation, options }: FitEnsembleInput): EnsembleSpec {
  const rows = checkedRows(members, validation);
  const candidates = options.candidates ?? DEFAULT_CANDIDATES;
  for (const c of candidates) if (!COMBINER_KINDS.includes(c)) throw new RangeError(`fitEnsemble: unknown candidate "${c}"`);
  const table = options.regimeWeights ?? DEFAULT_REGIME_WEIGHTS;
  const adaptive = options.adaptive ?? DEFAULT_ADAPTIVE_OPTIONS;
  const layout: StackingLayout = { members: rows.members, regimeFeatures: options.stackingRegimeFeatures ?? true };
  const stackingL2 = options.stackingL2 ?? 1e-2;
  const chunks = options.chunks ?? 5;

  const selection = walkForwardSelection(rows, {
    candidates,
    chunks,
    minChunkRows: options.minChunkRows ?? 50,
    horizonMs: options.horizonMs,
    table,
    adaptive,
    stacking: layout,
    stackingL2,
  });
  const chosen = chooseCandidate(selection, candidates);
  const method = refit(chosen, rows, { table, adaptive, layout, stackingL2, horizonMs: options.horizonMs });

  const outOfChunk = selection.predictions.get(chosen)!;
  const scoredY = rows.y.subarray(selection.scoredFrom);
  const calibration = chooseCalibration(outOfChunk, scoredY, options.calibration);
  const calibrated = applyCalibration(calibration.params, outOfChunk);
  const expectedReturn =
    rows.forwardReturn === undefined
      ? ({ kind: 'none' } as const)
      : fitExpectedReturnMap(calibrated, rows.forwardReturn.subarray(selection.scoredFrom), options.returnBuckets ?? 10);

  const spec: EnsembleSpec = {
    format: 'bot-ensemble',
    version: 1,
    members: [...rows.members],
    horizonMs: options.horizonMs,
    regimeWeights: table,
    method,
    calibration: calibration.params,
    calibrationChoice: {
      method: calibration.method,
      scores: {
        none: metricOrNull(calibration.scores.none),
        platt: metricOrNull(calibration.scores.platt),
        isotonic: metricOrNull(calibration.scores.isotonic),
      },
      evaluatedChunks: calibration.evaluatedChunks,
    },
    expectedReturn,
    selection: {
      chosen,
      logLoss: Object.fromEntries([...selection.logLoss].map(([k, v]) => [k, metricOrNull(v)])),
      chunks,
      scoredRows: rows.n - selection.scoredFrom,
      folds: selection.folds.map((f) => ({ ...f })),
    },
    validation: { rows: rows.n, firstTime: rows.time[0]!, lastTime: rows.time[rows.n - 1]!, positiveRate: mean(rows.y) },
    memberMetrics: Object.fromEntries(rows.members.map((m) => [m, memberMetrics(rows, m)])),
  };
  // What is saved must load: parse here so a bad spec fails at fit time, not in the daemon.
  return ensembleSpecSchema.parse(JSON.parse(JSON.stringify(spec)));
}

interface RefitContext {
  table: RegimeWeightTable;
  adaptive: AdaptiveWeightsOptions;
  layout: StackingLayout;
  stackingL2: number;
  horizonMs: number;
}

function refit(kind: CombinerKind, rows: EnsembleRows, c: RefitContext): EnsembleMethod {
  switch (kind) {
    case 'voting':
      return { kind };
    case 'voting-adaptive':
      return { kind, adaptive: adaptiveVotingStream(rows, c.table, c.adaptive, c.horizonMs).tracker.toState() };
    case 'stacking':
      return {
        kind,
        regimeFeatures: c.layout.regimeFeatures,
        columns: stackingColumns(c.layout),
        model: fitStacking(c.layout, rows, 0, rows.n, c.stackingL2),
      };
    case 'best-single':
      return { kind, member: bestSingleMember(rows, 0, rows.n) };
  }
}

function memberMetrics(rows: EnsembleRows, m: EnsembleMember): MemberMetrics {
  const p = rows.p.get(m)!;
  return {
    count: rows.n,
    logLoss: metricOrNull(logLoss(p, rows.y)),
    hitRate: metricOrNull(accuracy(p, rows.y)),
    auc: metricOrNull(rocAuc(p, rows.y)),
    brier: metricOrNull(brierScore(p, rows.y)),
    ece: metricOrNull(expectedCalibrationError(p, rows.y)),
  };
}
