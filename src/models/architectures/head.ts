import * as tf from '@tensorflow/tfjs';
import type { SeedStream } from '../seeds.js';

/** Output column 0 is P(up); column 1, with a return head, the expected return in units of returnScale. */
export const P_UP_COLUMN = 0;
export const RETURN_COLUMN = 1;

/** Turns the pooled features [B, D] into the model output [B, 1] or [B, 2]. */
export function outputHead(features: tf.SymbolicTensor, returnHead: boolean, seeds: SeedStream): tf.SymbolicTensor {
  const pUp = tf.layers
    .dense({ units: 1, activation: 'sigmoid', name: 'p_up', kernelInitializer: tf.initializers.glorotUniform({ seed: seeds.next() }) })
    .apply(features) as tf.SymbolicTensor;
  if (!returnHead) return pUp;
  const expected = tf.layers
    .dense({ units: 1, name: 'expected_return', kernelInitializer: tf.initializers.glorotUniform({ seed: seeds.next() }) })
    .apply(features) as tf.SymbolicTensor;
  return tf.layers.concatenate({ axis: -1, name: 'outputs' }).apply([pUp, expected]) as tf.SymbolicTensor;
}

export function windowInput(windowLength: number, featureCount: number): tf.SymbolicTensor {
  return tf.input({ shape: [windowLength, featureCount], name: 'window' });
}
