import * as tf from '@tensorflow/tfjs';
import type { ResolvedSpec } from '../kinds.js';
import { SeededDropout } from '../layers/seededDropout.js';
import { StackedLstm } from '../layers/stackedLstm.js';
import type { SeedStream } from '../seeds.js';
import { outputHead, windowInput } from './head.js';

/** Stacked LSTM with dropout between levels and before the head. */
export function buildLstm(spec: ResolvedSpec<'lstm'>, seeds: SeedStream): tf.LayersModel {
  const input = windowInput(spec.windowLength, spec.featureCount);
  let x = new StackedLstm({ units: spec.units, dropout: spec.dropout, seed: seeds.next(), name: 'lstm' }).apply(input) as tf.SymbolicTensor;
  x = new SeededDropout({ rate: spec.dropout, seed: seeds.next(), name: 'lstm_dropout' }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: outputHead(x, spec.returnHead, seeds), name: 'lstm' });
}
