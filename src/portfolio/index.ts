export * from './types.js';
export * from './allocate.js';
export * from './intent.js';
export * from './fitWeights.js';
export * from './realisedVolatility.js';
