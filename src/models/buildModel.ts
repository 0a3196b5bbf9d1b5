import type * as tf from '@tensorflow/tfjs';
import { buildCnnLstm } from './architectures/cnnLstm.js';
import { buildLstm } from './architectures/lstm.js';
import { buildTcn } from './architectures/tcn.js';
import { buildTransformer } from './architectures/transformer.js';
import { resolveSpec, type ModelKind, type ModelSpec, type ResolvedSpec } from './kinds.js';
import { registerCustomLayers } from './layers/register.js';
import { seedStream } from './seeds.js';

/**
 * A fresh, untrained model of `kind`: input [windowLength, featureCount], output [B, 1] (P(up)) or
 * [B, 2] (P(up), expected return) with spec.returnHead. Every initializer and dropout mask derives from
 * `seed`, so the same seed on the same backend builds, and trains, to the same weights.
 */
export function buildModel<K extends ModelKind>(kind: K, spec: ModelSpec<K>, seed: number): tf.LayersModel {
  registerCustomLayers();
  const resolved = resolveSpec(kind, spec);
  const seeds = seedStream(seed);
  switch (kind) {
    case 'lstm':
      return buildLstm(resolved as ResolvedSpec<'lstm'>, seeds);
    case 'tcn':
      return buildTcn(resolved as ResolvedSpec<'tcn'>, seeds);
    case 'transformer':
      return buildTransformer(resolved as ResolvedSpec<'transformer'>, seeds);
    case 'cnnLstm':
      return buildCnnLstm(resolved as ResolvedSpec<'cnnLstm'>, seeds);
    default:
      throw new Error(`unknown model kind ${String(kind)}`);
  }
}

/** Trainable and fixed parameters together, as Keras counts them. */
export function countParams(model: tf.LayersModel): number {
  return model.countParams();
}
