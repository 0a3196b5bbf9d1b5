export * from './csvFormat.js';
export * from './rowProblem.js';
export * from './rowSchema.js';
export * from './candleRowParser.js';
export * from './readLineBatches.js';
export * from './importCandleFile.js';
export * from './utcText.js';
export * from './barSpacing.js';
