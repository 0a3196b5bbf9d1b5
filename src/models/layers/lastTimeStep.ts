import * as tf from '@tensorflow/tfjs';
import { single, singleShape, type Kwargs, type LayerArgs } from './layerSupport.js';

/** [B, L, C] -> [B, C]: the most recent step, the only one of a causal stack that has seen the whole window. */
export class LastTimeStep extends tf.layers.Layer {
  static readonly className = 'BotLastTimeStep';

  constructor(args: LayerArgs = {}) {
    super(args);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = single(inputs) as tf.Tensor3D;
      const [batch, steps, channels] = x.shape;
      return tf.reshape(tf.slice(x, [0, steps - 1, 0], [batch, 1, channels]), [batch, channels]);
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = singleShape(inputShape);
    return [shape[0] ?? null, shape[2] ?? null];
  }
}
