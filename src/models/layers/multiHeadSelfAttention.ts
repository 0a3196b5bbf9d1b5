import * as tf from '@tensorflow/tfjs';
import { knownDim, single, singleShape, type Kwargs, type LayerArgs } from './layerSupport.js';

export interface MultiHeadSelfAttentionArgs extends LayerArgs {
  heads: number;
  seed: number;
}

/**
 * Multi-head scaled dot-product self-attention over [B, T, D] (tfjs-layers has none). Unmasked: every
 * step of a window is already in the past when the window is scored, so no step needs hiding.
 * Queries, keys and values are three [D, D] projections rather than one [D, 3D]: splitting a joint
 * projection into heads needs a rank-5 transpose, which wasm runs ~20x slower than the rank-4 ones here.
 */
export class MultiHeadSelfAttention extends tf.layers.Layer {
  static readonly className = 'BotMultiHeadSelfAttention';
  readonly heads: number;
  readonly seed: number;
  private projections: { kernel: tf.LayerVariable; bias: tf.LayerVariable }[] = [];

  constructor(args: MultiHeadSelfAttentionArgs) {
    super(args);
    this.heads = args.heads;
    this.seed = args.seed;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const dims = knownDim(singleShape(inputShape), 2, this.name);
    if (dims % this.heads !== 0) throw new Error(`${this.name}: model width ${dims} is not a multiple of ${this.heads} heads`);
    this.projections = ['query', 'key', 'value', 'output'].map((role, i) => ({
      kernel: this.addWeight(`${role}_kernel`, [dims, dims], 'float32', tf.initializers.glorotUniform({ seed: this.seed + i })),
      bias: this.addWeight(`${role}_bias`, [dims], 'float32', tf.initializers.zeros()),
    }));
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      const x = single(inputs) as tf.Tensor3D;
      const [batch, steps, dims] = x.shape;
      const h = this.heads;
      const dk = dims / h;
      const flat = tf.reshape(x, [batch * steps, dims]) as tf.Tensor2D;
      const project = (i: number, a: tf.Tensor2D) => {
        const p = this.projections[i];
        if (!p) throw new Error(`${this.name} used before it was built`);
        return tf.fused.matMul({ a, b: p.kernel.read() as tf.Tensor2D, bias: p.bias.read() });
      };
      // [B·T, D] -> [B, heads, T, dk]
      const heads = (i: number) => tf.transpose(tf.reshape(project(i, flat), [batch, steps, h, dk]), [0, 2, 1, 3]);
      const q = heads(0);
      const k = heads(1);
      const v = heads(2);
      const scores = tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(dk));
      const context = tf.matMul(tf.softmax(scores), v);
      const merged = tf.reshape(tf.transpose(context, [0, 2, 1, 3]), [batch * steps, dims]) as tf.Tensor2D;
      return tf.reshape(project(3, merged), [batch, steps, dims]);
    });
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), heads: this.heads, seed: this.seed };
  }
}
