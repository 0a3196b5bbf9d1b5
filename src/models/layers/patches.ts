import * as tf from '@tensorflow/tfjs';
import { knownDim, single, singleShape, type Kwargs, type LayerArgs } from './layerSupport.js';

export interface PatchesArgs extends LayerArgs {
  size: number;
}

/**
 * Groups consecutive steps into patches, [B, L, F] -> [B, ceil(L/size), size·F], zero-padding the oldest
 * end when L is not a multiple of size. Attention then runs over L/size tokens: its cost is quadratic in
 * the token count, and patches of a few bars are the usual tokens of time-series transformers.
 */
export class Patches extends tf.layers.Layer {
  static readonly className = 'BotPatches';
  readonly size: number;

  constructor(args: PatchesArgs) {
    super(args);
    this.size = args.size;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = single(inputs) as tf.Tensor3D;
      const [batch, steps, features] = x.shape;
      const tokens = Math.ceil(steps / this.size);
      const pad = tokens * this.size - steps;
      const padded =
        pad > 0
          ? tf.pad(x, [
              [0, 0],
              [pad, 0],
              [0, 0],
            ])
          : x;
      return tf.reshape(padded, [batch, tokens, this.size * features]);
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = singleShape(inputShape);
    const steps = knownDim(shape, 1, this.name);
    const features = knownDim(shape, 2, this.name);
    return [shape[0] ?? null, Math.ceil(steps / this.size), this.size * features];
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), size: this.size };
  }
}
