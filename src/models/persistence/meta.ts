import { z } from 'zod';
import { MODEL_KINDS, SIZES_SCHEMAS } from '../kinds.js';

export const META_FORMAT = 1;

const isoTime = z.iso.datetime({ offset: true });

/** A period of bars a model saw, by bar time (UTC, ISO 8601), and how many samples it held. */
const rangeSchema = z.strictObject({ from: isoTime, to: isoTime, samples: z.number().int().min(0) });

const epochSchema = z.strictObject({
  epoch: z.number().int().min(1),
  loss: z.number(),
  valLoss: z.number(),
  accuracy: z.number().min(0).max(1),
  valAccuracy: z.number().min(0).max(1),
});

const trainingSchema = z.strictObject({
  epochs: z.number().int().min(1),
  batchSize: z.number().int().min(1),
  learningRate: z.number().positive(),
  patience: z.number().int().min(0),
  classBalance: z.boolean(),
  returnLossWeight: z.number().min(0),
  clipNorm: z.number().min(0),
});

/**
 * meta.json beside model.json: everything needed to trust and use a model without retraining it.
 * The feature schema hash guards against feeding it features it was not trained on.
 */
export const modelMetaSchema = z
  .strictObject({
    format: z.literal(META_FORMAT),
    kind: z.enum(MODEL_KINDS),
    asset: z.string().min(1),
    version: z.string().min(1),
    featureSchemaHash: z.string().min(1),
    featureNames: z.array(z.string()).optional(),
    windowLength: z.number().int().min(1),
    featureCount: z.number().int().min(1),
    /** Normalisation parameters of the feature pipeline, as it defines them; opaque here. */
    normalisation: z.record(z.string(), z.unknown()),
    ranges: z.strictObject({ train: rangeSchema, validation: rangeSchema, test: rangeSchema.nullable() }),
    metrics: z.record(z.string(), z.number()),
    hyperparameters: z.strictObject({
      /** The resolved spec: input shape, returnHead and every size of `kind`. */
      spec: z.record(z.string(), z.unknown()),
      training: trainingSchema,
    }),
    /** Multiply the model's return column by this to get a return; null without a return head. */
    returnScale: z.number().positive().nullable(),
    parameterCount: z.number().int().min(0),
    history: z.array(epochSchema),
    bestEpoch: z.number().int().min(0),
    backend: z.string().min(1),
    seed: z.number().int(),
    createdAt: isoTime,
  })
  .superRefine((meta, ctx) => {
    const { windowLength, featureCount, returnHead, ...sizes } = meta.hyperparameters.spec;
    if (windowLength !== meta.windowLength || featureCount !== meta.featureCount) {
      ctx.addIssue({ code: 'custom', path: ['hyperparameters', 'spec'], message: 'spec windowLength/featureCount differ from the top-level ones' });
    }
    if (typeof returnHead !== 'boolean' || returnHead !== (meta.returnScale !== null)) {
      ctx.addIssue({ code: 'custom', path: ['returnScale'], message: 'returnScale must be set exactly when spec.returnHead is true' });
    }
    const parsed = SIZES_SCHEMAS[meta.kind].safeParse(sizes);
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', path: ['hyperparameters', 'spec'], message: `not a valid ${meta.kind} spec: ${parsed.error.issues[0]?.message ?? ''}` });
    }
    if (meta.featureNames && meta.featureNames.length !== meta.featureCount) {
      ctx.addIssue({ code: 'custom', path: ['featureNames'], message: `${meta.featureNames.length} names for ${meta.featureCount} features` });
    }
  });

export type ModelMeta = z.infer<typeof modelMetaSchema>;
export type ModelRange = z.infer<typeof rangeSchema>;
export type TrainingHyperparameters = z.infer<typeof trainingSchema>;
