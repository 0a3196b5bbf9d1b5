import * as tf from '@tensorflow/tfjs';
import { stepSeed } from '../seeds.js';
import { isTraining, single, type Kwargs, type LayerArgs } from './layerSupport.js';

export interface SeededDropoutArgs extends LayerArgs {
  rate: number;
  seed: number;
}

/**
 * Dropout whose masks come from a seed and a per-layer step counter. tfjs's own Dropout either draws
 * from an unseeded generator (runs do not repeat) or, given a seed, draws the same mask every step.
 */
export class SeededDropout extends tf.layers.Layer {
  static readonly className = 'BotSeededDropout';
  readonly rate: number;
  readonly seed: number;
  private step = 0;

  constructor(args: SeededDropoutArgs) {
    super(args);
    this.rate = args.rate;
    this.seed = args.seed;
    this.supportsMasking = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    const x = single(inputs);
    if (!isTraining(kwargs) || this.rate <= 0) return x;
    return tf.tidy(() => tf.dropout(x, this.rate, undefined, stepSeed(this.seed, this.step++)));
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}
