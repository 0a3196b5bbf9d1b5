import type * as tf from '@tensorflow/tfjs';
import protobuf from 'protobufjs';
import { CUSTOM_LAYERS } from './customLayerNodes.js';
import type { LayerEmitter } from './layerWeights.js';
import { OnnxGraph } from './onnxGraph.js';
import { ONNX_SCHEMA } from './onnxSchema.js';
import { STANDARD_LAYERS } from './standardLayerNodes.js';

/** Opset 17 has every operator used here (LayerNormalization came in 17); IR version 8 goes with it. */
export const ONNX_OPSET = 17;
export const ONNX_IR_VERSION = 8;
/** The names of the graph's input ([batch, windowLength, featureCount]) and output ([batch, 1 or 2]). */
export const ONNX_INPUT = 'window';
export const ONNX_OUTPUT = 'outputs';

const EMITTERS: Record<string, LayerEmitter> = { ...STANDARD_LAYERS, ...CUSTOM_LAYERS };

let modelType: protobuf.Type | undefined;

/**
 * The ONNX model (protobuf bytes) computing what `model` computes at inference: every layer of the tfjs
 * graph, in its topological order, becomes standard ONNX nodes (no custom operators), its weights
 * initializers. `metadata` goes into metadata_props. Throws on a layer the exporter does not know.
 */
export function onnxModelBytes(model: tf.LayersModel, metadata: Readonly<Record<string, string>> = {}): Uint8Array {
  const [input] = model.inputs;
  const [output] = model.outputs;
  if (!input || !output || model.inputs.length !== 1 || model.outputs.length !== 1)
    throw new Error('the ONNX exporter takes models with one input and one output');
  const [, steps, features] = input.shape;
  const columns = output.shape[1];
  if (typeof steps !== 'number' || typeof features !== 'number' || typeof columns !== 'number') {
    throw new Error(`the model's input ${JSON.stringify(input.shape)} or output ${JSON.stringify(output.shape)} is not fully known`);
  }
  const graph = new OnnxGraph(model.name);
  const values = new Map<string, string>();
  for (const layer of model.layers) {
    const className = layer.getClassName();
    if (className === 'InputLayer') {
      values.set(layer.name, graph.input(ONNX_INPUT));
      continue;
    }
    const emit = EMITTERS[className];
    if (!emit) throw new Error(`the ONNX exporter does not know layer ${layer.name} (${className})`);
    const inbound = layer.inboundNodes[0]?.inboundLayers ?? [];
    const inputs = inbound.map((l) => {
      const v = values.get(l.name);
      if (v === undefined) throw new Error(`layer ${layer.name} reads ${l.name}, which comes later in the model`);
      return v;
    });
    values.set(layer.name, emit({ graph, layer, inputs }));
  }
  const last = values.get(output.sourceLayer.name);
  if (last === undefined) throw new Error(`the model's output layer ${output.sourceLayer.name} was not exported`);
  graph.nodeOutputs('Identity', [last], [ONNX_OUTPUT]);
  const proto = {
    irVersion: ONNX_IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'bot',
    graph: graph.toProto([{ name: ONNX_INPUT, dims: ['batch', steps, features] }], [{ name: ONNX_OUTPUT, dims: ['batch', columns] }]),
    metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value })),
  };
  modelType ??= protobuf.Root.fromJSON(ONNX_SCHEMA as unknown as protobuf.INamespace).lookupType('onnx.ModelProto');
  const problem = modelType.verify(proto);
  if (problem) throw new Error(`ONNX model does not fit the schema: ${problem}`);
  return modelType.encode(modelType.fromObject(proto)).finish();
}
