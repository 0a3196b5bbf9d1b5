import { affine, innerShape, layerWeight, only, type LayerInput } from './layerWeights.js';

/**
 * MultiHeadSelfAttention as MatMul/Softmax nodes, step for step as the layer computes it: the query, key
 * and value projections split into heads [B, heads, T, dk], scores q·kᵀ scaled by 1/sqrt(dk), softmax over
 * the keys, the heads merged back and the output projection.
 */
export function attentionNodes(x: LayerInput): string {
  const g = x.graph;
  const name = x.layer.name;
  const heads = Number((x.layer.getConfig() as { heads?: unknown }).heads);
  const dims = innerShape(x.layer)[1] as number;
  const dk = dims / heads;
  const project = (role: string, value: string) =>
    affine(g, value, layerWeight(x.layer, `${role}_kernel`), layerWeight(x.layer, `${role}_bias`).values, `${name}_${role}`);
  const split = g.int64s(`${name}_split_shape`, [0, 0, heads, dk]);
  const headsOf = (role: string, perm: number[]) =>
    g.node('Transpose', [g.node('Reshape', [project(role, only(x)), split], {}, `${name}_${role}_split`)], { perm: { ints: perm } }, `${name}_${role}_heads`);
  const q = headsOf('query', [0, 2, 1, 3]);
  const kT = headsOf('key', [0, 2, 3, 1]);
  const v = headsOf('value', [0, 2, 1, 3]);
  const scale = g.floats(`${name}_scale`, Float32Array.of(1 / Math.sqrt(dk)), []);
  const scores = g.node('Mul', [g.node('MatMul', [q, kT], {}, `${name}_dot`), scale], {}, `${name}_scores`);
  const weights = g.node('Softmax', [scores], { axis: { int: -1 } }, `${name}_weights`);
  const context = g.node('Transpose', [g.node('MatMul', [weights, v], {}, `${name}_context`)], { perm: { ints: [0, 2, 1, 3] } }, `${name}_context_steps`);
  const merged = g.node('Reshape', [context, g.int64s(`${name}_merge_shape`, [0, 0, dims])], {}, `${name}_merged`);
  return project('output', merged);
}
