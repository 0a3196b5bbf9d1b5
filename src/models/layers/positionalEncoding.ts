import * as tf from '@tensorflow/tfjs';
import { knownDim, single, singleShape, type Kwargs, type LayerArgs } from './layerSupport.js';

/**
 * Adds the fixed sinusoidal position signal of "Attention is all you need" to [B, L, D]:
 * even channels sin(t / 10000^(2i/D)), odd channels cos of the same. No weights; t = 0 is the oldest step.
 */
export class PositionalEncoding extends tf.layers.Layer {
  static readonly className = 'BotPositionalEncoding';
  private table: Float32Array | null = null;
  private steps = 0;
  private dims = 0;

  constructor(args: LayerArgs = {}) {
    super(args);
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = singleShape(inputShape);
    this.steps = knownDim(shape, 1, this.name);
    this.dims = knownDim(shape, 2, this.name);
    this.table = sinusoidTable(this.steps, this.dims);
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => tf.add(single(inputs), tf.tensor2d(this.table as Float32Array, [this.steps, this.dims])));
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }
}

export function sinusoidTable(steps: number, dims: number): Float32Array {
  const table = new Float32Array(steps * dims);
  for (let t = 0; t < steps; t++) {
    for (let c = 0; c < dims; c++) {
      const pair = Math.floor(c / 2);
      const angle = t / Math.pow(10000, (2 * pair) / dims);
      table[t * dims + c] = c % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  }
  return table;
}
