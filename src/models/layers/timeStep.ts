import * as tf from '@tensorflow/tfjs';

/**
 * Step `t` of a time-major sequence [L, F, B], as [F, B]. gatherND is a native copy of just that slice on
 * wasm (tf.slice/unstack copy the whole sequence per step there), but tfjs has no gradient for it, so the
 * gradient is written here: the step's gradient padded back into its place in the sequence.
 */
export function timeStep(sequence: tf.Tensor3D, t: number): tf.Tensor2D {
  const [steps, features, batch] = sequence.shape;
  const take = tf.customGrad((...args: unknown[]) => {
    const x = args[0] as tf.Tensor;
    const index = tf.tensor2d([[t]], [1, 1], 'int32');
    const value = tf.reshape(tf.gatherND(x, index), [features, batch]);
    index.dispose();
    return {
      value,
      gradFunc: (dy: tf.Tensor) =>
        tf.pad(tf.reshape(dy, [1, features, batch]), [
          [t, steps - 1 - t],
          [0, 0],
          [0, 0],
        ]),
    };
  });
  return take(sequence) as tf.Tensor2D;
}
