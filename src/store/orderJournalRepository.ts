import type { OrderRequest, OrderState, OrderStatus } from '../domain/order.js';
import type { JournaledOrder, JournalStatus, OrderJournal, StoreSide } from '../domain/orderJournal.js';
import { FatalError } from '../internal/errors.js';
import type { Db } from './database.js';
import { orderRequestFromRow, orderRequestParams, type Epoch, type OrderRow, type TradingRepository } from './tradingRepository.js';

/** An order row as the journal reads it: with the exchange client id, and its own two statuses. */
interface JournalRow extends Omit<OrderRow, 'status'> {
  exchange_client_id: string | null;
  status: JournalStatus | OrderStatus;
}

/**
 * The order journal on the orders table of one epoch. Every write is its own committed transaction, made
 * outside (and never inside) the engine's per-step transaction, so an intent is on disk before its request
 * is sent. The step later upserts the same row with what the engine saw; the exchange client id column
 * is the journal's alone and is never overwritten.
 */
export class OrderJournalRepository implements OrderJournal {
  private readonly insertStmt;
  private readonly settleStmt;
  private readonly unknownStmt;
  private readonly unresolvedStmt;

  constructor(
    private readonly db: Db,
    private readonly epochId: number,
  ) {
    this.insertStmt = db.prepare(
      `INSERT INTO orders (epoch_id, client_order_id, exchange_client_id, symbol, side, type, quantity, limit_price,
         leverage, reduce_only, stop_distance, take_profit_distance, atr, signal_bar_time, created_at, reason, status,
         filled_quantity, updated_at, post_only)
       VALUES (@e, @id, @exchangeId, @symbol, @side, @type, @quantity, @limitPrice, @leverage, @reduceOnly,
         @stopDistance, @takeProfitDistance, @atr, @signalBarTime, @createdAt, @reason, 'submitting', 0, @time, @postOnly)`,
    );
    this.settleStmt = db.prepare(
      `UPDATE orders SET status = @status, venue_order_id = COALESCE(@venueId, venue_order_id),
         filled_quantity = @filled, average_price = @avg, reject_reason = @rejectReason, updated_at = @updatedAt
       WHERE epoch_id = @e AND client_order_id = @id`,
    );
    this.unknownStmt = db.prepare(
      `UPDATE orders SET status = 'unknown', reject_reason = @note, updated_at = @time
       WHERE epoch_id = @e AND client_order_id = @id AND status IN ('submitting', 'unknown')`,
    );
    this.unresolvedStmt = db.prepare(
      `SELECT * FROM orders WHERE epoch_id = ? AND exchange_client_id IS NOT NULL
         AND (status IN ('submitting', 'unknown') OR (status = 'open' AND venue_order_id IS NULL))
       ORDER BY created_at, client_order_id`,
    );
  }

  intend(request: OrderRequest, exchangeClientId: string, time: number): void {
    const r = request;
    this.write(() => {
      const existing = this.db
        .prepare('SELECT exchange_client_id AS x FROM orders WHERE epoch_id = ? AND client_order_id = ?')
        .get(this.epochId, r.clientOrderId) as { x: string | null } | undefined;
      // The same order journaled twice is a restart re-submitting it: the venue must look it up instead.
      if (existing) throw new FatalError(`order ${r.clientOrderId} is already in the journal: it must be looked up, not sent again`);
      this.insertStmt.run({ e: this.epochId, ...orderRequestParams(r), exchangeId: exchangeClientId, time });
    });
  }

  settle(state: OrderState): void {
    this.write(() => {
      const info = this.settleStmt.run({
        e: this.epochId,
        id: state.request.clientOrderId,
        status: state.status,
        venueId: state.venueOrderId ?? null,
        filled: state.filledQuantity,
        avg: state.averagePrice ?? null,
        rejectReason: state.rejectReason ?? null,
        updatedAt: state.updatedAt,
      });
      if (info.changes !== 1) throw new FatalError(`order ${state.request.clientOrderId} settled but never journaled`);
    });
  }

  markUnknown(clientOrderId: string, note: string, time: number): void {
    this.write(() => this.unknownStmt.run({ e: this.epochId, id: clientOrderId, note, time }));
  }

  unresolved(): JournaledOrder[] {
    return (this.unresolvedStmt.all(this.epochId) as JournalRow[]).map((r) => ({
      request: orderRequestFromRow(r),
      exchangeClientId: r.exchange_client_id as string,
      status: r.status,
      updatedAt: r.updated_at,
      ...(r.venue_order_id !== null && { venueOrderId: r.venue_order_id }),
      ...(r.reject_reason !== null && { note: r.reject_reason }),
    }));
  }

  find(clientOrderId: string): OrderState | undefined {
    return this.stateOf(
      this.db.prepare('SELECT * FROM orders WHERE epoch_id = ? AND client_order_id = ?').get(this.epochId, clientOrderId) as JournalRow | undefined,
    );
  }

  findByExchangeClientId(exchangeClientId: string): OrderState | undefined {
    return this.stateOf(
      this.db.prepare('SELECT * FROM orders WHERE epoch_id = ? AND exchange_client_id = ?').get(this.epochId, exchangeClientId) as JournalRow | undefined,
    );
  }

  private stateOf(r: JournalRow | undefined): OrderState | undefined {
    if (!r) return undefined;
    const status = r.status === 'submitting' || r.status === 'unknown' ? 'open' : r.status;
    return {
      request: orderRequestFromRow(r),
      status,
      filledQuantity: r.filled_quantity,
      updatedAt: r.updated_at,
      ...(r.average_price !== null && { averagePrice: r.average_price }),
      ...(r.reject_reason !== null && { rejectReason: r.reject_reason }),
      ...(r.venue_order_id !== null && { venueOrderId: r.venue_order_id }),
    };
  }

  /** The cl_ord_id each order of the epoch was sent with (orders the journal wrote). */
  exchangeClientIds(): Map<string, string> {
    const rows = this.db
      .prepare('SELECT client_order_id AS id, exchange_client_id AS x FROM orders WHERE epoch_id = ? AND exchange_client_id IS NOT NULL')
      .all(this.epochId) as { id: string; x: string }[];
    return new Map(rows.map((r) => [r.id, r.x]));
  }

  private write(fn: () => void): void {
    if (this.db.inTransaction) {
      throw new FatalError('the order journal must commit on its own, not inside another transaction');
    }
    this.db.transaction(fn).immediate();
  }
}

/**
 * The store's side of start-up reconciliation for a live epoch, with what the books need to follow the
 * exchange's ledger: the fills (a margin fee names its trade), the charges booked, and where the ledger
 * was last read (the last charge booked, but never after the last fill: an opening fee comes with its trade).
 */
export function liveStoreSide(trading: TradingRepository, journal: OrderJournalRepository, epoch: Epoch): StoreSide {
  const fills = trading.fills(epoch.id);
  const charges = trading.charges(epoch.id);
  const tradesFrom = Math.max(epoch.createdAt, ...fills.map((f) => f.time));
  return {
    cash: trading.cash(epoch.id),
    positions: trading.openPositions(epoch.id),
    openOrders: trading.openOrders(epoch.id),
    journal: journal.unresolved(),
    journaled: (exchangeClientId) => journal.findByExchangeClientId(exchangeClientId),
    fillIds: new Set(fills.map((f) => f.id)),
    tradesFrom,
    fills,
    chargeIds: new Set(charges.map((c) => c.id)),
    ledgerFrom: charges.length > 0 ? Math.min(Math.max(...charges.map((c) => c.time)), tradesFrom) : epoch.createdAt,
  };
}

/**
 * Quote held on the exchange account apart from the bot's books, recorded when a live epoch starts (the
 * balance minus the epoch's capital); kept as a pseudo-currency row of the epoch's balances.
 */
export function saveQuoteOffset(db: Db, epochId: number, quote: string, amount: number, time: number): void {
  db.prepare(
    `INSERT INTO balances (epoch_id, currency, amount, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (epoch_id, currency) DO UPDATE SET amount = excluded.amount, updated_at = excluded.updated_at`,
  ).run(epochId, `offset:${quote}`, amount, time);
}

export function quoteOffset(db: Db, epochId: number, quote: string): number {
  return recordedOffset(db, epochId, quote) ?? 0;
}

/** What saveQuoteOffset recorded for `currency` (a coin as well as the quote), if anything. */
export function recordedOffset(db: Db, epochId: number, currency: string): number | undefined {
  const r = db.prepare('SELECT amount FROM balances WHERE epoch_id = ? AND currency = ?').get(epochId, `offset:${currency}`) as { amount: number } | undefined;
  return r?.amount;
}
