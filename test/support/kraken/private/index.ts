export { PrivateExchange, type AccountOptions } from './privateExchange.js';
export { Account, tradeEntry, type PrivateTrade, type FeeRates } from './account.js';
export { describeOrder, orderEntry, type PrivateOrder, type OrderRequest, type OrderType, type OrderStatus, type Side } from './privateOrder.js';
export { MarginBook, type MarginPosition } from './marginPositions.js';
export { PriceTape, type TapePrint } from './priceTape.js';
export { KrakenIds } from './krakenIds.js';
export { Ledger, ledgerEntry, type LedgerEntry, type LedgerType } from './ledger.js';
export { KRAKEN_MARGIN_FEES, marginRate, type MarginFees } from './marginFees.js';
