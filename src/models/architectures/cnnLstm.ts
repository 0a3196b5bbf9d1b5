import * as tf from '@tensorflow/tfjs';
import type { ResolvedSpec } from '../kinds.js';
import { CausalConv1d } from '../layers/causalConv1d.js';
import { SeededDropout } from '../layers/seededDropout.js';
import { StackedLstm } from '../layers/stackedLstm.js';
import type { SeedStream } from '../seeds.js';
import { outputHead, windowInput } from './head.js';

/**
 * Conv1D x2 -> MaxPool -> LSTM x2 -> Dense. The convolutions are causal CausalConv1d layers with dilation 1:
 * tf.layers.conv1d cannot train on the wasm backend, which lacks the filter gradient.
 */
export function buildCnnLstm(spec: ResolvedSpec<'cnnLstm'>, seeds: SeedStream): tf.LayersModel {
  const input = windowInput(spec.windowLength, spec.featureCount);
  let x: tf.SymbolicTensor = input;
  spec.convFilters.forEach((filters, i) => {
    x = new CausalConv1d({
      filters,
      kernelSize: spec.kernelSize,
      dilation: 1,
      activation: 'relu',
      seed: seeds.next(),
      name: `conv_${i}`,
    }).apply(x) as tf.SymbolicTensor;
  });
  if (spec.poolSize > 1) {
    x = tf.layers.maxPooling1d({ poolSize: spec.poolSize, strides: spec.poolSize, name: 'pool' }).apply(x) as tf.SymbolicTensor;
  }
  x = new SeededDropout({ rate: spec.dropout, seed: seeds.next(), name: 'conv_dropout' }).apply(x) as tf.SymbolicTensor;
  x = new StackedLstm({ units: [...spec.lstmUnits], dropout: spec.dropout, seed: seeds.next(), name: 'lstm' }).apply(x) as tf.SymbolicTensor;
  x = new SeededDropout({ rate: spec.dropout, seed: seeds.next(), name: 'lstm_dropout' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: outputHead(x, spec.returnHead, seeds), name: 'cnnLstm' });
}
