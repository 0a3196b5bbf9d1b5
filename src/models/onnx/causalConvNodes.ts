import { activation, innerShape, layerWeight, only, swapTimeAndChannels, type LayerInput } from './layerWeights.js';

/**
 * CausalConv1d as ONNX Conv: channels first, (k-1)·d zeros padded before the oldest step only, dilation d.
 * Our kernel is [k·C, filters] with tap j (looking (k-1-j)·d steps back) in row block j; ONNX wants
 * [filters, C, k] with tap j at position j, the same order.
 */
export function causalConvNodes(x: LayerInput): string {
  const config = x.layer.getConfig() as { filters: number; kernelSize: number; dilation: number; activation: string };
  const { filters, kernelSize: k, dilation: d } = config;
  const [, channels] = innerShape(x.layer) as [number, number];
  const kernel = layerWeight(x.layer, 'kernel').values;
  const w = new Float32Array(filters * channels * k);
  for (let j = 0; j < k; j++) {
    for (let c = 0; c < channels; c++) {
      for (let m = 0; m < filters; m++) w[(m * channels + c) * k + j] = kernel[(j * channels + c) * filters + m] as number;
    }
  }
  const name = x.layer.name;
  const channelsFirst = swapTimeAndChannels(x.graph, only(x), `${name}_channels_first`);
  const conv = x.graph.node(
    'Conv',
    [
      channelsFirst,
      x.graph.floats(`${name}_kernel`, w, [filters, channels, k]),
      x.graph.floats(`${name}_bias`, layerWeight(x.layer, 'bias').values, [filters]),
    ],
    { kernel_shape: { ints: [k] }, dilations: { ints: [d] }, pads: { ints: [(k - 1) * d, 0] }, strides: { ints: [1] } },
    `${name}_conv`,
  );
  return activation(x.graph, swapTimeAndChannels(x.graph, conv, `${name}_steps_first`), config.activation, name);
}
