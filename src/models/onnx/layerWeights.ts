import type * as tf from '@tensorflow/tfjs';
import type { Attribute, OnnxGraph } from './onnxGraph.js';

/** What an emitter gets: the graph, the layer, and the ONNX names of the layer's inputs. */
export interface LayerInput {
  readonly graph: OnnxGraph;
  readonly layer: tf.layers.Layer;
  readonly inputs: readonly string[];
}

/** Emits a layer's ONNX nodes and returns the name of its output. */
export type LayerEmitter = (x: LayerInput) => string;

/**
 * A layer's weight by the name it was added under ('kernel', 'query_bias', ...). tfjs suffixes variable
 * names that collide across models ('conv_0/kernel_1'); the original name does not change.
 */
export function layerWeight(layer: tf.layers.Layer, name: string): { values: Float32Array; shape: number[] } {
  const w = layer.weights.find((v) => v.originalName === `${layer.name}/${name}` || v.originalName.endsWith(`/${name}`));
  if (!w) throw new Error(`layer ${layer.name} has no weight '${name}' (has ${layer.weights.map((v) => v.originalName).join(', ')})`);
  return { values: Float32Array.from(w.read().dataSync() as Float32Array), shape: w.shape.map((d) => d ?? 0) };
}

/** The layer's single input shape without the batch axis, every dimension known. */
export function innerShape(layer: tf.layers.Layer): number[] {
  const input = layer.input;
  const shape = (Array.isArray(input) ? input[0] : input)?.shape ?? [];
  const inner = shape.slice(1);
  if (inner.some((d) => typeof d !== 'number')) throw new Error(`layer ${layer.name}: input shape ${JSON.stringify(shape)} is not fully known`);
  return inner as number[];
}

export function only(x: LayerInput): string {
  const [first] = x.inputs;
  if (first === undefined || x.inputs.length !== 1) throw new Error(`layer ${x.layer.name} takes one input, got ${x.inputs.length}`);
  return first;
}

/** Keras activation names as ONNX nodes; linear adds none. */
export function activation(graph: OnnxGraph, value: string, name: string, base: string): string {
  switch (name) {
    case 'linear':
      return value;
    case 'relu':
      return graph.node('Relu', [value], {}, `${base}_relu`);
    case 'sigmoid':
      return graph.node('Sigmoid', [value], {}, `${base}_sigmoid`);
    case 'tanh':
      return graph.node('Tanh', [value], {}, `${base}_tanh`);
    default:
      throw new Error(`the ONNX exporter has no activation '${name}'`);
  }
}

/** [B, L, C] <-> [B, C, L]: ONNX convolutions and pooling take channels first. */
export function swapTimeAndChannels(graph: OnnxGraph, value: string, base: string): string {
  const perm: Attribute = { ints: [0, 2, 1] };
  return graph.node('Transpose', [value], { perm }, base);
}

/** x · kernel + bias over the last axis, any rank: a Dense layer's (or a projection's) arithmetic. */
export function affine(graph: OnnxGraph, value: string, kernel: { values: Float32Array; shape: number[] }, bias: Float32Array, base: string): string {
  const k = graph.floats(`${base}_kernel`, kernel.values, kernel.shape);
  const b = graph.floats(`${base}_bias`, bias, [bias.length]);
  return graph.node('Add', [graph.node('MatMul', [value, k], {}, `${base}_matmul`), b], {}, base);
}
