import { sinusoidTable } from '../layers/positionalEncoding.js';
import { attentionNodes } from './attentionNodes.js';
import { causalConvNodes } from './causalConvNodes.js';
import { innerShape, layerWeight, only, type LayerEmitter } from './layerWeights.js';
import { stackedLstmNodes } from './lstmNodes.js';

/** Our own layers (src/models/layers), by their registered class names, as ONNX nodes. */
export const CUSTOM_LAYERS: Record<string, LayerEmitter> = {
  BotSeededDropout: only,
  BotCausalConv1d: causalConvNodes,
  BotStackedLstm: stackedLstmNodes,
  BotMultiHeadSelfAttention: attentionNodes,
  // The most recent step: index -1 of the time axis, which Gather drops.
  BotLastTimeStep: (x) => x.graph.node('Gather', [only(x), x.graph.int64s(`${x.layer.name}_index`, [-1], [])], { axis: { int: 1 } }, x.layer.name),
  BotLayerNorm: (x) => {
    const gamma = layerWeight(x.layer, 'gamma').values;
    const beta = layerWeight(x.layer, 'beta').values;
    const epsilon = Number((x.layer.getConfig() as { epsilon?: unknown }).epsilon ?? 1e-5);
    return x.graph.node(
      'LayerNormalization',
      [only(x), x.graph.floats(`${x.layer.name}_gamma`, gamma, [gamma.length]), x.graph.floats(`${x.layer.name}_beta`, beta, [beta.length])],
      { axis: { int: -1 }, epsilon: { float: epsilon } },
      x.layer.name,
    );
  },
  BotPatches: (x) => {
    const [steps, features] = innerShape(x.layer) as [number, number];
    const size = Number((x.layer.getConfig() as { size?: unknown }).size);
    const tokens = Math.ceil(steps / size);
    const pad = tokens * size - steps;
    // Zeros before the oldest step, as the layer pads, then every `size` steps side by side.
    const padded =
      pad > 0 ? x.graph.node('Pad', [only(x), x.graph.int64s(`${x.layer.name}_pads`, [0, pad, 0, 0, 0, 0])], {}, `${x.layer.name}_padded`) : only(x);
    return x.graph.node('Reshape', [padded, x.graph.int64s(`${x.layer.name}_shape`, [0, tokens, size * features])], {}, x.layer.name);
  },
  BotPositionalEncoding: (x) => {
    const [steps, dims] = innerShape(x.layer) as [number, number];
    return x.graph.node('Add', [only(x), x.graph.floats(`${x.layer.name}_table`, sinusoidTable(steps, dims), [steps, dims])], {}, x.layer.name);
  },
};
