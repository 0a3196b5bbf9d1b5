import { z } from 'zod';
import { activation, affine, innerShape, layerWeight, only, swapTimeAndChannels, type LayerEmitter } from './layerWeights.js';

const denseConfig = z.looseObject({ units: z.number().int(), activation: z.string().default('linear'), useBias: z.boolean().default(true) });
const activationConfig = z.looseObject({ activation: z.string() });
const concatConfig = z.looseObject({ axis: z.number().int().default(-1) });
const poolConfig = z.looseObject({
  poolSize: z.union([z.number().int(), z.array(z.number().int()).length(1)]),
  strides: z
    .union([z.number().int(), z.array(z.number().int()).length(1)])
    .nullable()
    .optional(),
  padding: z.literal('valid'),
});

const first = (v: number | number[]): number => (Array.isArray(v) ? (v[0] as number) : v);

/** The tfjs-layers built-ins our architectures use, as ONNX nodes. */
export const STANDARD_LAYERS: Record<string, LayerEmitter> = {
  Dense: (x) => {
    const c = denseConfig.parse(x.layer.getConfig());
    const kernel = layerWeight(x.layer, 'kernel');
    const bias = c.useBias ? layerWeight(x.layer, 'bias').values : new Float32Array(c.units);
    return activation(x.graph, affine(x.graph, only(x), kernel, bias, x.layer.name), c.activation, x.layer.name);
  },
  Activation: (x) => activation(x.graph, only(x), activationConfig.parse(x.layer.getConfig()).activation, x.layer.name),
  Add: (x) => {
    const [a, ...rest] = x.inputs;
    if (a === undefined || rest.length === 0) throw new Error(`layer ${x.layer.name} adds fewer than two inputs`);
    return rest.reduce((sum, b, i) => x.graph.node('Add', [sum, b], {}, i === rest.length - 1 ? x.layer.name : `${x.layer.name}_${i}`), a);
  },
  Concatenate: (x) => x.graph.node('Concat', x.inputs, { axis: { int: concatConfig.parse(x.layer.getConfig()).axis } }, x.layer.name),
  MaxPooling1D: (x) => {
    const c = poolConfig.parse(x.layer.getConfig());
    const size = first(c.poolSize);
    const stride = c.strides == null ? size : first(c.strides);
    const channelsFirst = swapTimeAndChannels(x.graph, only(x), `${x.layer.name}_channels_first`);
    const pooled = x.graph.node('MaxPool', [channelsFirst], { kernel_shape: { ints: [size] }, strides: { ints: [stride] } }, `${x.layer.name}_pooled`);
    return swapTimeAndChannels(x.graph, pooled, x.layer.name);
  },
  // The mean over time as [1/T ... 1/T] · x, one small product per window: ReduceMean sums in another order
  // for one window than for many (its fast paths depend on the shape), a product does not.
  GlobalAveragePooling1D: (x) => {
    const [steps, dims] = innerShape(x.layer) as [number, number];
    const weights = x.graph.floats(`${x.layer.name}_weights`, new Float32Array(steps).fill(1 / steps), [1, steps]);
    const mean = x.graph.node('MatMul', [weights, only(x)], {}, `${x.layer.name}_mean`);
    return x.graph.node('Reshape', [mean, x.graph.int64s(`${x.layer.name}_shape`, [-1, dims])], {}, x.layer.name);
  },
  Dropout: only,
};
