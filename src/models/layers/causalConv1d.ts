import * as tf from '@tensorflow/tfjs';
import { isTraining, knownDim, single, singleShape, type Kwargs, type LayerArgs } from './layerSupport.js';

export interface CausalConv1dArgs extends LayerArgs {
  filters: number;
  kernelSize: number;
  dilation: number;
  activation: 'linear' | 'relu';
  seed: number;
}

/**
 * A trainable dilated causal 1-D convolution, [B, L, C] -> [B, L, filters]: output t sees inputs
 * t, t-d, ..., t-(k-1)d and never later ones. tfjs has neither padding 'causal' nor gradients for
 * dilated convolutions (and the wasm backend has no filter gradient for any conv), so it is built from
 * differentiable ops: left-pad (k-1)d steps, take the k shifted views, concatenate them on the channel
 * axis and apply one matMul. Tap j of the kernel ([k·C, filters], row block j) looks (k-1-j)·d steps back,
 * the same weight layout as tf.conv1d's [k, C, filters]. Outside training (no gradient tape), the same
 * function is computed by the native dilated tf.conv1d, whose forward pass every backend has.
 */
export class CausalConv1d extends tf.layers.Layer {
  static readonly className = 'BotCausalConv1d';
  readonly filters: number;
  readonly kernelSize: number;
  readonly dilation: number;
  readonly activation: 'linear' | 'relu';
  readonly seed: number;
  private kernel: tf.LayerVariable | null = null;
  private bias: tf.LayerVariable | null = null;

  constructor(args: CausalConv1dArgs) {
    super(args);
    this.filters = args.filters;
    this.kernelSize = args.kernelSize;
    this.dilation = args.dilation;
    this.activation = args.activation;
    this.seed = args.seed;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const channels = knownDim(singleShape(inputShape), 2, this.name);
    const fanIn = this.kernelSize * channels;
    this.kernel = this.addWeight(
      'kernel',
      [fanIn, this.filters],
      'float32',
      this.activation === 'relu' ? tf.initializers.heUniform({ seed: this.seed }) : tf.initializers.glorotUniform({ seed: this.seed }),
    );
    this.bias = this.addWeight('bias', [this.filters], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = single(inputs) as tf.Tensor3D;
      const [batch, steps, channels] = x.shape;
      const k = this.kernelSize;
      const d = this.dilation;
      const kernel = (this.kernel as tf.LayerVariable).read() as tf.Tensor2D;
      const bias = (this.bias as tf.LayerVariable).read();
      const padded =
        k > 1
          ? tf.pad(x, [
              [0, 0],
              [(k - 1) * d, 0],
              [0, 0],
            ])
          : x;
      if (!isTraining(kwargs) && tf.engine().state.gradientDepth === 0) {
        // No gradient wanted: the native (dilated) convolution computes the same thing about twice as fast.
        const y = tf.add(tf.conv1d(padded, tf.reshape(kernel, [k, channels, this.filters]) as tf.Tensor3D, 1, 'valid', 'NWC', d), bias);
        return this.activation === 'relu' ? tf.relu(y) : y;
      }
      const taps = Array.from({ length: k }, (_, j) => tf.slice(padded, [0, j * d, 0], [batch, steps, channels]));
      const stacked = k > 1 ? tf.concat(taps, 2) : (taps[0] as tf.Tensor3D);
      const flat = tf.reshape(stacked, [batch * steps, k * channels]) as tf.Tensor2D;
      const y = tf.fused.matMul({
        a: flat,
        b: kernel,
        bias,
        activation: this.activation,
      });
      return tf.reshape(y, [batch, steps, this.filters]);
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = singleShape(inputShape);
    return [shape[0] ?? null, shape[1] ?? null, this.filters];
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: this.kernelSize,
      dilation: this.dilation,
      activation: this.activation,
      seed: this.seed,
    };
  }
}
