import * as tf from '@tensorflow/tfjs';

const EPSILON = 1e-7;

/**
 * Mean class-weighted binary cross-entropy of column 0 (P(up)), plus returnWeight times the mean squared
 * error of column 1 (expected return, scaled) when the model has a return head.
 */
export function modelLoss(output: tf.Tensor2D, y: tf.Tensor1D, weight: tf.Tensor1D, target: tf.Tensor1D, returnWeight: number): tf.Scalar {
  return tf.tidy(() => {
    const columns = output.shape[1] as number;
    const pUp = tf.clipByValue(columns === 1 ? tf.reshape(output, [-1]) : tf.reshape(tf.slice(output, [0, 0], [-1, 1]), [-1]), EPSILON, 1 - EPSILON);
    const bce = tf.neg(tf.add(tf.mul(y, tf.log(pUp)), tf.mul(tf.sub(1, y), tf.log(tf.sub(1, pUp)))));
    let loss = tf.mean(tf.mul(bce, weight)) as tf.Scalar;
    if (columns > 1 && returnWeight > 0) {
      const expected = tf.reshape(tf.slice(output, [0, 1], [-1, 1]), [-1]);
      loss = tf.add(loss, tf.mul(tf.mean(tf.square(tf.sub(expected, target))), returnWeight)) as tf.Scalar;
    }
    return loss;
  });
}

/** Scales gradients down so their global L2 norm is at most maxNorm (recurrent nets otherwise explode). */
export function clipByGlobalNorm(grads: tf.NamedTensorMap, maxNorm: number): tf.NamedTensorMap {
  if (!(maxNorm > 0)) return grads;
  return tf.tidy(() => {
    const names = Object.keys(grads);
    const squares = names.map((n) => tf.sum(tf.square(grads[n] as tf.Tensor)));
    const norm = tf.sqrt(tf.addN(squares));
    const scale = tf.div(maxNorm, tf.maximum(norm, maxNorm));
    const out: tf.NamedTensorMap = {};
    for (const n of names) out[n] = tf.mul(grads[n] as tf.Tensor, scale);
    return out;
  });
}
