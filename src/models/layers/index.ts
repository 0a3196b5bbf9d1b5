export { CausalConv1d, type CausalConv1dArgs } from './causalConv1d.js';
export { LastTimeStep } from './lastTimeStep.js';
export { LayerNorm, type LayerNormArgs } from './layerNorm.js';
export { MultiHeadSelfAttention, type MultiHeadSelfAttentionArgs } from './multiHeadSelfAttention.js';
export { Patches, type PatchesArgs } from './patches.js';
export { PositionalEncoding, sinusoidTable } from './positionalEncoding.js';
export { SeededDropout, type SeededDropoutArgs } from './seededDropout.js';
export { StackedLstm, type StackedLstmArgs } from './stackedLstm.js';
export { registerCustomLayers } from './register.js';
