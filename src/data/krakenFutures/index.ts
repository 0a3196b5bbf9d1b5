export { createKrakenFuturesClient, type KrakenFuturesClient, type KrakenFuturesClientOptions } from './krakenFuturesClient.js';
export { KrakenFuturesMarketData, CHART_PAGE } from './krakenFuturesMarketData.js';
export { KrakenFuturesTrading, type KrakenFuturesTradingOptions } from './krakenFuturesTrading.js';
