export * from './database.js';
export * from './migrations.js';
export * from './candleRepository.js';
export * from './tradingRepository.js';
export * from './store.js';
export * from './modelRegistry.js';
export * from './predictionCache.js';
export * from './candleSourceConflict.js';
