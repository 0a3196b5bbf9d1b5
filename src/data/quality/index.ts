export * from './seriesReport.js';
export * from './checkSeries.js';
