import * as tf from '@tensorflow/tfjs';
import { CausalConv1d } from './causalConv1d.js';
import { LastTimeStep } from './lastTimeStep.js';
import { LayerNorm } from './layerNorm.js';
import { MultiHeadSelfAttention } from './multiHeadSelfAttention.js';
import { Patches } from './patches.js';
import { PositionalEncoding } from './positionalEncoding.js';
import { SeededDropout } from './seededDropout.js';
import { StackedLstm } from './stackedLstm.js';

let registered = false;

/** Makes the custom layers known to tfjs's deserialiser, so saved models that use them load. Idempotent. */
export function registerCustomLayers(): void {
  if (registered) return;
  for (const cls of [SeededDropout, StackedLstm, CausalConv1d, PositionalEncoding, MultiHeadSelfAttention, LastTimeStep, LayerNorm, Patches]) {
    tf.serialization.registerClass(cls);
  }
  registered = true;
}
