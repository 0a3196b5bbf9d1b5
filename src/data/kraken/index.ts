export { createKrakenClient, type KrakenClient, type KrakenClientOptions } from './krakenClient.js';
export { KrakenMarketData, type Quote, type PublicTrade, type TradesPage } from './krakenMarketData.js';
export { KrakenTrading, type KrakenTradingOptions } from './krakenTrading.js';
