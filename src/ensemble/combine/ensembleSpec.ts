import { z } from 'zod';
import { UserError } from '../../internal/errors.js';
import { logisticRegressionParamsSchema } from '../../models/evaluation/logisticRegression.js';
import { CALIBRATION_METHODS, calibrationParamsSchema } from '../calibration/calibrator.js';
import { adaptiveWeightsStateSchema } from './adaptiveWeights.js';
import { COMBINER_KINDS, stackingColumns } from './combiners.js';
import { expectedReturnMapSchema } from './expectedReturnMap.js';
import { ENSEMBLE_MEMBERS } from './members.js';
import { regimeTableProblems } from './regimeWeights.js';

/** A metric that can be undefined for the data (AUC with one class); JSON has no NaN, so it is stored as null. */
const metric = z.number().nullable();
const member = z.enum(ENSEMBLE_MEMBERS);
const weights = z.record(member, z.number());

export const memberMetricsSchema = z.strictObject({
  count: z.number().int().nonnegative(),
  logLoss: metric,
  /** Accuracy at threshold 1/2, as the shared metrics define it. */
  hitRate: metric,
  auc: metric,
  brier: metric,
  ece: metric,
});
export type MemberMetrics = z.infer<typeof memberMetricsSchema>;

export const ensembleMethodSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('voting') }),
  /** The tracker warmed on every validation outcome: the daemon's starting state. */
  z.strictObject({ kind: z.literal('voting-adaptive'), adaptive: adaptiveWeightsStateSchema }),
  z.strictObject({
    kind: z.literal('stacking'),
    regimeFeatures: z.boolean(),
    columns: z.array(z.string()).min(1),
    model: logisticRegressionParamsSchema,
  }),
  z.strictObject({ kind: z.literal('best-single'), member }),
]);
export type EnsembleMethod = z.infer<typeof ensembleMethodSchema>;

export const ensembleSpecSchema = z
  .strictObject({
    format: z.literal('bot-ensemble'),
    version: z.literal(1),
    members: z.array(member).min(1),
    /** Label horizon x bar length: how long after a row its outcome is known. */
    horizonMs: z.number().positive(),
    regimeWeights: z.strictObject({ trending: weights, ranging: weights, volatile: weights }),
    method: ensembleMethodSchema,
    calibration: calibrationParamsSchema,
    calibrationChoice: z.strictObject({
      method: z.enum(CALIBRATION_METHODS),
      scores: z.record(z.enum(CALIBRATION_METHODS), metric),
      evaluatedChunks: z.number().int().nonnegative(),
    }),
    expectedReturn: expectedReturnMapSchema,
    selection: z.strictObject({
      chosen: z.enum(COMBINER_KINDS),
      /** Pooled out-of-chunk log loss of each candidate tried. */
      logLoss: z.partialRecord(z.enum(COMBINER_KINDS), metric),
      chunks: z.number().int().min(2),
      scoredRows: z.number().int().positive(),
      folds: z.array(
        z.strictObject({
          trainEnd: z.number().int().nonnegative(),
          testStart: z.number().int().nonnegative(),
          testEnd: z.number().int().nonnegative(),
          bestMember: member,
        }),
      ),
    }),
    validation: z.strictObject({
      rows: z.number().int().positive(),
      firstTime: z.number(),
      lastTime: z.number(),
      positiveRate: z.number().min(0).max(1),
    }),
    memberMetrics: z.partialRecord(member, memberMetricsSchema),
  })
  .superRefine((spec, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    if (new Set(spec.members).size !== spec.members.length) issue(['members'], 'a member is listed twice');
    for (const problem of regimeTableProblems(spec.regimeWeights)) issue(['regimeWeights'], problem);
    const m = spec.method;
    if (m.kind === 'stacking') {
      const expected = stackingColumns({ members: spec.members, regimeFeatures: m.regimeFeatures });
      if (m.columns.join() !== expected.join()) issue(['method', 'columns'], `expected ${expected.join(', ')}`);
      if (m.model.weights.length !== m.columns.length) issue(['method', 'model', 'weights'], `expected ${m.columns.length} weights`);
    }
    if (m.kind === 'best-single' && !spec.members.includes(m.member)) issue(['method', 'member'], `${m.member} is not a member`);
    if (m.kind !== spec.selection.chosen) issue(['selection', 'chosen'], `the method is ${m.kind}`);
    if (spec.calibration.kind !== spec.calibrationChoice.method) issue(['calibrationChoice', 'method'], `the calibration is ${spec.calibration.kind}`);
  });
export type EnsembleSpec = z.infer<typeof ensembleSpecSchema>;

/**
 * Reads an ensemble spec (the parsed JSON of models/ensemble/<asset>.json). `source` names the file in
 * the message. A spec that does not parse was not written by fitEnsemble, or by an older version of it.
 */
export function parseEnsembleSpec(data: unknown, source: string): EnsembleSpec {
  const result = ensembleSpecSchema.safeParse(data);
  if (result.success) return result.data;
  const detail = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  throw new UserError(`${source} is not a valid ensemble spec: ${detail}`, {
    hint: 'refit the ensemble for this asset to rewrite the file; it is written by the fitting step and not meant to be edited by hand',
  });
}

/** NaN (an undefined metric) becomes null for JSON; see `metric`. */
export function metricOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}
