import * as tf from '@tensorflow/tfjs';
import { knownDim, single, singleShape, type Kwargs, type LayerArgs } from './layerSupport.js';

export interface LayerNormArgs extends LayerArgs {
  epsilon?: number;
}

/**
 * Layer normalisation over the last axis with a learnt gain and offset. Written with broadcasting because
 * tf.layers.layerNormalization tiles its gain to the full input shape, and tfjs differentiates Tile with
 * one slice per repeat: B·L slices per step, which made a transformer epoch 20x slower on wasm.
 */
export class LayerNorm extends tf.layers.Layer {
  static readonly className = 'BotLayerNorm';
  readonly epsilon: number;
  private gamma: tf.LayerVariable | null = null;
  private beta: tf.LayerVariable | null = null;

  constructor(args: LayerNormArgs = {}) {
    super(args);
    this.epsilon = args.epsilon ?? 1e-5;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = singleShape(inputShape);
    const dims = knownDim(shape, shape.length - 1, this.name);
    this.gamma = this.addWeight('gamma', [dims], 'float32', tf.initializers.ones());
    this.beta = this.addWeight('beta', [dims], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = single(inputs);
      const axis = x.rank - 1;
      const mean = tf.mean(x, axis, true);
      const centred = tf.sub(x, mean);
      const variance = tf.mean(tf.square(centred), axis, true);
      const normed = tf.mul(centred, tf.rsqrt(tf.add(variance, this.epsilon)));
      return tf.add(tf.mul(normed, (this.gamma as tf.LayerVariable).read()), (this.beta as tf.LayerVariable).read());
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), epsilon: this.epsilon };
  }
}
