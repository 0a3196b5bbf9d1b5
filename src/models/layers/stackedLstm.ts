import * as tf from '@tensorflow/tfjs';
import { seedStream, stepSeed } from '../seeds.js';
import { isTraining, knownDim, single, singleShape, type Kwargs, type LayerArgs } from './layerSupport.js';
import { lstmHostForward } from './lstmHostForward.js';
import { timeStep } from './timeStep.js';

/** Up to this many windows, inference runs in plain JS (lstmHostForward): faster than ~1,800 kernel launches. */
export const HOST_BATCH_LIMIT = 4;

export interface StackedLstmArgs extends LayerArgs {
  /** Units per level, input side first. */
  units: number[];
  /** Variational dropout between levels: one mask per sequence, redrawn every training step. */
  dropout: number;
  seed: number;
}

/**
 * Stacked LSTM returning the last hidden state of the top level: [B, L, F] -> [B, units.at(-1)].
 *
 * Written for the speed of the wasm backend rather than with tf.layers.lstm (which measured 3x slower
 * at inference and slower to train here):
 * - the recurrence runs time-major and transposed, h and c as [H, B], so each gate is one plain matMul
 *   `W_gate [H, K] · [x_t; h; 1] [K, B]` with the bias folded in as the last kernel column;
 * - tanh is written as 2·sigmoid(2x) - 1 (wasm's tanh is several times slower than its sigmoid), and the
 *   candidate gate is parameterised as g = 2·sigmoid(a) - 1, i.e. tanh(a/2), initialised accordingly;
 * - all levels advance together per step, so no level's output sequence is ever stacked and re-sliced;
 * - a few windows at inference (the daemon's case) skip tfjs entirely: see lstmHostForward.
 * Kernel of level l: [4·H_l, in_l + H_l + 1], row blocks in gate order i, f, o, g.
 */
export class StackedLstm extends tf.layers.Layer {
  static readonly className = 'BotStackedLstm';
  readonly units: number[];
  readonly dropout: number;
  readonly seed: number;
  private kernels: tf.LayerVariable[] = [];
  private step = 0;
  /**
   * Inference batches up to this size run in plain JS. Each window's arithmetic there is the same whatever
   * the batch, while tfjs kernels round differently by batch size: a caller that must reproduce
   * predictOne bit for bit on a big batch raises it (Predictor.predictSourceAsLive).
   */
  hostBatchLimit = HOST_BATCH_LIMIT;

  constructor(args: StackedLstmArgs) {
    super(args);
    this.units = [...args.units];
    this.dropout = args.dropout;
    this.seed = args.seed;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = singleShape(inputShape);
    const seeds = seedStream(this.seed);
    let inDim = knownDim(shape, 2, this.name);
    this.kernels = this.units.map((h, level) => {
      const kernel = this.addWeight(`kernel_${level}`, [4 * h, inDim + h + 1], 'float32', tf.initializers.zeros());
      kernel.write(tf.tidy(() => initialKernel(inDim, h, seeds.next())));
      inDim = h;
      return kernel;
    });
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = single(inputs) as tf.Tensor3D;
      const [batch, steps, features] = x.shape;
      if (batch <= this.hostBatchLimit && !isTraining(kwargs) && tf.engine().state.gradientDepth === 0) {
        const kernels = this.kernels.map((k) => k.read().dataSync() as Float32Array);
        const h = lstmHostForward(x.dataSync() as Float32Array, batch, steps, features, kernels, this.units);
        return tf.tensor2d(h, [batch, this.units[this.units.length - 1] as number]);
      }
      const sequence = tf.transpose(x, [1, 2, 0]) as tf.Tensor3D;
      const ones = tf.ones([1, batch]);
      const training = isTraining(kwargs) && this.dropout > 0;
      const drawStep = training ? this.step++ : 0;
      const gates = this.kernels.map((k, level) => {
        const h = this.units[level] as number;
        const w = k.read();
        const cols = w.shape[1] as number;
        return [0, 1, 2, 3].map((g) => tf.slice(w, [g * h, 0], [h, cols]) as tf.Tensor2D);
      });
      const masks = this.units.map((_, level) => {
        if (!training || level === 0) return null;
        const inDim = this.units[level - 1] as number;
        return tf.dropout(tf.ones([inDim, batch]), this.dropout, undefined, stepSeed(this.seed + level, drawStep));
      });
      const hs: tf.Tensor2D[] = this.units.map((u) => tf.zeros([u, batch]));
      const cs: tf.Tensor2D[] = this.units.map((u) => tf.zeros([u, batch]));
      for (let t = 0; t < steps; t++) {
        let below: tf.Tensor2D = timeStep(sequence, t);
        for (let level = 0; level < this.units.length; level++) {
          const mask = masks[level];
          const input = mask ? (tf.mul(below, mask) as tf.Tensor2D) : below;
          const [wi, wf, wo, wg] = gates[level] as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
          const a = tf.concat([input, hs[level] as tf.Tensor2D, ones], 0) as tf.Tensor2D;
          const i = tf.sigmoid(tf.matMul(wi, a));
          const f = tf.sigmoid(tf.matMul(wf, a));
          const o = tf.sigmoid(tf.matMul(wo, a));
          const g = tf.sub(tf.mul(tf.sigmoid(tf.matMul(wg, a)), 2), 1);
          const c = tf.add(tf.mul(f, cs[level] as tf.Tensor2D), tf.mul(i, g)) as tf.Tensor2D;
          const h = tf.mul(o, tf.sub(tf.mul(tf.sigmoid(tf.mul(c, 2)), 2), 1)) as tf.Tensor2D;
          cs[level] = c;
          hs[level] = h;
          below = h;
        }
      }
      return tf.transpose(hs[hs.length - 1] as tf.Tensor2D);
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = singleShape(inputShape);
    return [shape[0] ?? null, this.units[this.units.length - 1] as number];
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), units: this.units, dropout: this.dropout, seed: this.seed };
  }
}

/**
 * Glorot-uniform input weights, orthogonal recurrent weights, zero bias except the forget gate (1),
 * the usual LSTM start. The candidate gate's rows are doubled because it computes tanh(a/2).
 */
function initialKernel(inDim: number, units: number, seed: number): tf.Tensor2D {
  const seeds = seedStream(seed);
  const limit = Math.sqrt(6 / (inDim + units));
  const blocks = [0, 1, 2, 3].map((gate) => {
    const input = tf.randomUniform([units, inDim], -limit, limit, 'float32', seeds.next());
    const [q] = tf.linalg.qr(tf.randomNormal([units, units], 0, 1, 'float32', seeds.next()));
    const bias = tf.fill([units, 1], gate === 1 ? 1 : 0);
    const block = tf.concat([input, q as tf.Tensor2D, bias], 1);
    return gate === 3 ? tf.mul(block, 2) : block;
  });
  return tf.concat(blocks, 0) as tf.Tensor2D;
}
