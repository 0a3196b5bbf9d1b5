import { iso } from './futuresOrder.js';

/** The account log's entry kinds the emulator writes (Kraken's `info` values). */
export type LogInfo = 'futures trade' | 'futures liquidation' | 'funding rate change' | 'transfer';

/**
 * One row of Kraken Futures' account log (GET /api/history/v3/account-log; looked up: docs.kraken.com "Get
 * account log", field list; payload shapes from ccxt's fetchLedger and fetchFundingHistory comments). A cash
 * row moves the USD collateral: new_balance = old_balance + realized_pnl + realized_funding - fee. A trade also
 * writes a position row whose asset is the contract (its balances are the position's signed size), which ccxt
 * leaves out of fetchLedger.
 */
export interface LogEntry {
  readonly id: number;
  readonly date: number;
  readonly info: LogInfo;
  /** "usd" for a cash row, the contract in lower case for a position row. */
  readonly asset: string;
  readonly contract: string | null;
  readonly oldBalance: number;
  readonly newBalance: number;
  readonly fee: number;
  readonly realizedPnl: number | null;
  readonly realizedFunding: number | null;
  readonly fundingRate: number | null;
  readonly tradePrice: number | null;
  readonly markPrice: number | null;
  /** The fill (execution) of a trade row. */
  readonly execution: string | null;
  readonly bookingUid: string;
  readonly oldAverageEntryPrice: number | null;
  readonly newAverageEntryPrice: number | null;
  readonly liquidationFee: number | null;
}

export type NewLogEntry = Partial<Omit<LogEntry, 'id' | 'date' | 'info' | 'asset' | 'oldBalance' | 'newBalance' | 'bookingUid'>> &
  Pick<LogEntry, 'info' | 'asset' | 'oldBalance' | 'newBalance' | 'bookingUid'>;

export class AccountLog {
  readonly entries: LogEntry[] = [];

  write(date: number, e: NewLogEntry): LogEntry {
    const entry: LogEntry = {
      id: this.entries.length + 1,
      date,
      contract: null,
      fee: 0,
      realizedPnl: null,
      realizedFunding: null,
      fundingRate: null,
      tradePrice: null,
      markPrice: null,
      execution: null,
      oldAverageEntryPrice: null,
      newAverageEntryPrice: null,
      liquidationFee: null,
      ...e,
    };
    this.entries.push(entry);
    return entry;
  }

  /** The cash rows: the ones that move the collateral. */
  cash(): LogEntry[] {
    return this.entries.filter((e) => e.asset === 'usd');
  }
}

/** The row as the account-log endpoint writes it. */
export function logRow(e: LogEntry): Record<string, unknown> {
  return {
    asset: e.asset,
    booking_uid: e.bookingUid,
    collateral: e.asset === 'usd' ? 'USD' : null,
    contract: e.contract,
    date: iso(e.date),
    execution: e.execution,
    fee: e.fee,
    funding_rate: e.fundingRate,
    id: e.id,
    info: e.info,
    margin_account: 'flex',
    mark_price: e.markPrice,
    new_average_entry_price: e.newAverageEntryPrice,
    new_balance: e.newBalance,
    old_average_entry_price: e.oldAverageEntryPrice,
    old_balance: e.oldBalance,
    realized_funding: e.realizedFunding,
    realized_pnl: e.realizedPnl,
    trade_price: e.tradePrice,
    conversion_spread_percentage: null,
    liquidation_fee: e.liquidationFee,
    position_uid: null,
  };
}
