import * as tf from '@tensorflow/tfjs';
import { tcnDilationsFor, type ResolvedSpec } from '../kinds.js';
import { CausalConv1d } from '../layers/causalConv1d.js';
import { LastTimeStep } from '../layers/lastTimeStep.js';
import { SeededDropout } from '../layers/seededDropout.js';
import type { SeedStream } from '../seeds.js';
import { outputHead, windowInput } from './head.js';

/**
 * Temporal convolutional network: residual blocks of two dilated causal convolutions each, dilations
 * 1, 2, 4, ... (or as configured); the last time step, which sees the whole receptive field, feeds the head.
 */
export function buildTcn(spec: ResolvedSpec<'tcn'>, seeds: SeedStream): tf.LayersModel {
  const input = windowInput(spec.windowLength, spec.featureCount);
  const dilations = spec.dilations.length ? spec.dilations : tcnDilationsFor(spec.windowLength, spec.kernelSize);
  let x: tf.SymbolicTensor = input;
  let channels = spec.featureCount;
  dilations.forEach((dilation, block) => {
    let y: tf.SymbolicTensor = x;
    for (const part of ['a', 'b']) {
      y = new CausalConv1d({
        filters: spec.filters,
        kernelSize: spec.kernelSize,
        dilation,
        activation: 'relu',
        seed: seeds.next(),
        name: `tcn_${block}_conv_${part}`,
      }).apply(y) as tf.SymbolicTensor;
      y = new SeededDropout({ rate: spec.dropout, seed: seeds.next(), name: `tcn_${block}_dropout_${part}` }).apply(y) as tf.SymbolicTensor;
    }
    const skip =
      channels === spec.filters
        ? x
        : (new CausalConv1d({
            filters: spec.filters,
            kernelSize: 1,
            dilation: 1,
            activation: 'linear',
            seed: seeds.next(),
            name: `tcn_${block}_skip`,
          }).apply(x) as tf.SymbolicTensor);
    const sum = tf.layers.add({ name: `tcn_${block}_add` }).apply([y, skip]) as tf.SymbolicTensor;
    x = tf.layers.activation({ activation: 'relu', name: `tcn_${block}_relu` }).apply(sum) as tf.SymbolicTensor;
    channels = spec.filters;
  });
  const last = new LastTimeStep({ name: 'tcn_last_step' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: outputHead(last, spec.returnHead, seeds), name: 'tcn' });
}
