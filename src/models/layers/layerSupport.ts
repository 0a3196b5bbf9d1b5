import type * as tf from '@tensorflow/tfjs';

/** The base-layer arguments (name, trainable, inputShape, ...), as tfjs-layers takes them. */
export type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/** What tfjs-layers passes to call(): notably `training`, true only inside a training step. */
export type Kwargs = Record<string, unknown>;

export function single(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
  const x = Array.isArray(inputs) ? inputs[0] : inputs;
  if (!x) throw new Error('layer called without an input tensor');
  return x;
}

export function singleShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
  const first = inputShape[0];
  return (Array.isArray(first) ? first : inputShape) as tf.Shape;
}

export function isTraining(kwargs: Kwargs | undefined): boolean {
  return kwargs?.['training'] === true;
}

/** A dimension that must be known when a layer is built (everything but the batch axis). */
export function knownDim(shape: tf.Shape, axis: number, layer: string): number {
  const d = shape[axis];
  if (d === null || d === undefined) throw new Error(`${layer}: dimension ${axis} of input shape ${JSON.stringify(shape)} must be known`);
  return d;
}
