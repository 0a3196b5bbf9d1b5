import type * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { WEIGHTS_BIN } from './layout.js';

const weightSpecSchema = z.looseObject({
  name: z.string().min(1),
  shape: z.array(z.number().int().min(0)),
  dtype: z.enum(['float32', 'int32', 'bool', 'string', 'complex64']),
});

/** model.json as tfjs-node's file:// handler writes it: topology plus a manifest of weight files. */
export const modelJsonSchema = z.looseObject({
  modelTopology: z.record(z.string(), z.unknown()),
  weightsManifest: z.array(z.looseObject({ paths: z.array(z.string().min(1)).min(1), weights: z.array(weightSpecSchema) })).min(1),
  format: z.string().optional(),
  generatedBy: z.string().optional(),
  convertedBy: z.string().nullable().optional(),
});

export type ModelJson = z.infer<typeof modelJsonSchema>;

/** The model.json for `artifacts` with all weights in one weights.bin, key for key what tfjs-node writes. */
export function modelJsonFor(artifacts: tf.io.ModelArtifacts): Record<string, unknown> {
  const json: Record<string, unknown> = {
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
  };
  if (artifacts.trainingConfig != null) json['trainingConfig'] = artifacts.trainingConfig;
  if (artifacts.signature != null) json['signature'] = artifacts.signature;
  if (artifacts.userDefinedMetadata != null) json['userDefinedMetadata'] = artifacts.userDefinedMetadata;
  return json;
}
