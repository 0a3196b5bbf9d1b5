import * as tf from '@tensorflow/tfjs';
import type { ResolvedSpec } from '../kinds.js';
import { LayerNorm } from '../layers/layerNorm.js';
import { MultiHeadSelfAttention } from '../layers/multiHeadSelfAttention.js';
import { Patches } from '../layers/patches.js';
import { PositionalEncoding } from '../layers/positionalEncoding.js';
import { SeededDropout } from '../layers/seededDropout.js';
import type { SeedStream } from '../seeds.js';
import { outputHead, windowInput } from './head.js';

/**
 * Transformer encoder: a linear embedding of each patch of `patchSize` steps plus sinusoidal positions, then pre-norm blocks
 * (x + attention(norm(x)), x + feedForward(norm(x))), a final layer norm, and mean pooling over time.
 */
export function buildTransformer(spec: ResolvedSpec<'transformer'>, seeds: SeedStream): tf.LayersModel {
  const input = windowInput(spec.windowLength, spec.featureCount);
  const dense = (units: number, name: string, activation: 'relu' | 'linear' = 'linear') =>
    tf.layers.dense({ units, activation, name, kernelInitializer: tf.initializers.glorotUniform({ seed: seeds.next() }) });
  const dropout = (name: string) => new SeededDropout({ rate: spec.dropout, seed: seeds.next(), name });
  const norm = (name: string) => new LayerNorm({ name });

  let x: tf.SymbolicTensor = input;
  if (spec.patchSize > 1) x = new Patches({ size: spec.patchSize, name: 'patches' }).apply(x) as tf.SymbolicTensor;
  x = dense(spec.modelDim, 'embed').apply(x) as tf.SymbolicTensor;
  x = new PositionalEncoding({ name: 'positions' }).apply(x) as tf.SymbolicTensor;
  x = dropout('embed_dropout').apply(x) as tf.SymbolicTensor;
  for (let layer = 0; layer < spec.layers; layer++) {
    const p = `block_${layer}`;
    let a = norm(`${p}_attention_norm`).apply(x) as tf.SymbolicTensor;
    a = new MultiHeadSelfAttention({ heads: spec.heads, seed: seeds.next(), name: `${p}_attention` }).apply(a) as tf.SymbolicTensor;
    a = dropout(`${p}_attention_dropout`).apply(a) as tf.SymbolicTensor;
    x = tf.layers.add({ name: `${p}_attention_add` }).apply([x, a]) as tf.SymbolicTensor;
    let f = norm(`${p}_ff_norm`).apply(x) as tf.SymbolicTensor;
    f = dense(spec.feedForwardDim, `${p}_ff_in`, 'relu').apply(f) as tf.SymbolicTensor;
    f = dense(spec.modelDim, `${p}_ff_out`).apply(f) as tf.SymbolicTensor;
    f = dropout(`${p}_ff_dropout`).apply(f) as tf.SymbolicTensor;
    x = tf.layers.add({ name: `${p}_ff_add` }).apply([x, f]) as tf.SymbolicTensor;
  }
  x = norm('final_norm').apply(x) as tf.SymbolicTensor;
  const pooled = tf.layers.globalAveragePooling1d({ name: 'pool' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: outputHead(pooled, spec.returnHead, seeds), name: 'transformer' });
}
