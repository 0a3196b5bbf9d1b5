import { z } from 'zod';
import { UserError } from '../internal/errors.js';
import { ensembleSpecSchema } from './combine/ensembleSpec.js';
import { ENSEMBLE_MEMBERS } from './combine/members.js';

export const ENSEMBLE_FORMAT = 1;

const isoTime = z.iso.datetime({ offset: true });
const range = z.strictObject({ from: isoTime, to: isoTime, samples: z.number().int().min(0) });

/**
 * models/ensemble/<asset>.json (production) and models/ensemble/<asset>/<version>.json (every version):
 * which model versions are the members, how they are combined and calibrated, the entry threshold fitted
 * on validation, and how the ensemble scored on its untouched test block.
 */
export const ensembleArtifactSchema = z.strictObject({
  format: z.literal(ENSEMBLE_FORMAT),
  asset: z.string().min(1),
  version: z.string().min(1),
  createdAt: isoTime,
  featureSchemaHash: z.string().min(1),
  horizon: z.number().int().min(1),
  /** Member -> registry id of its model version ('fallback' is the rule-based strategy, no model). */
  members: z.partialRecord(z.enum(ENSEMBLE_MEMBERS), z.string().min(1)),
  spec: ensembleSpecSchema,
  /**
   * Below this confidence the ensemble calls HOLD: chosen on validation as the threshold whose trades had
   * the best mean return after costs (above 1: validation showed no threshold with a positive edge).
   */
  minConfidence: z.number().min(0.5).max(1.01),
  ranges: z.strictObject({ train: range, validation: range, test: range }),
  metrics: z.record(z.string(), z.number().nullable()),
});

export type EnsembleArtifact = z.infer<typeof ensembleArtifactSchema>;

export function parseEnsembleArtifact(data: unknown, source: string): EnsembleArtifact {
  const r = ensembleArtifactSchema.safeParse(data);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new UserError(`invalid ensemble file ${source}: ${issue?.path.join('.') || '(top level)'}: ${issue?.message ?? 'invalid'}`, {
    hint: 'run bot optimize again to rebuild it',
  });
}
