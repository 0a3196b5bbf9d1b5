export * from './types.js';
export * from './allocate.js';
export * from './wantedWeight.js';
export * from './capWeights.js';
