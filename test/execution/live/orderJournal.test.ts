import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import type { OrderRequest } from '../../../src/domain/order.js';
import { exchangeClientId } from '../../../src/execution/live/clientOrderId.js';
import { FatalError } from '../../../src/internal/errors.js';
import { migrate } from '../../../src/store/database.js';
import { MIGRATIONS } from '../../../src/store/migrations.js';
import { OrderJournalRepository, quoteOffset, saveQuoteOffset } from '../../../src/store/orderJournalRepository.js';
import { Store } from '../../../src/store/store.js';

const T = Date.parse('2025-01-01T06:00:00Z');

const request = (id: string, extra: Partial<OrderRequest> = {}): OrderRequest => ({
  clientOrderId: id,
  symbol: 'SOL/USD',
  side: 'buy',
  type: 'market',
  quantity: 2,
  leverage: 3,
  reduceOnly: false,
  stopDistance: 5,
  createdAt: T,
  signalBarTime: T - 3_600_000,
  reason: 'test',
  ...extra,
});

const JOURNAL_MIGRATION = MIGRATIONS.find((m) => m.name.startsWith('live order journal'));

describe('the journal migration: the orders table rebuilt', () => {
  test('rows written before it survive the rebuild unchanged; the new states and the exchange client id are accepted', () => {
    if (!JOURNAL_MIGRATION) throw new Error('no journal migration');
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version < JOURNAL_MIGRATION.version),
    );
    db.prepare('INSERT INTO epochs (id, capital, created_at) VALUES (1, 1000, 0)').run();
    const insert = db.prepare(
      `INSERT INTO orders (epoch_id, client_order_id, venue_order_id, symbol, side, type, quantity, limit_price, leverage, reduce_only,
         stop_distance, take_profit_distance, atr, signal_bar_time, created_at, reason, status, filled_quantity, average_price, reject_reason, updated_at)
       VALUES (1, ?, ?, 'SOL/USD', 'buy', 'limit', 2, 95, 3, 0, 5, NULL, 4, 10, 20, 'r', ?, ?, ?, ?, 30)`,
    );
    insert.run('a', 'a', 'filled', 2, 95, null);
    insert.run('b', null, 'rejected', 0, null, 'too small');
    const before = db.prepare('SELECT * FROM orders ORDER BY client_order_id').all();

    migrate(db);
    const after = db.prepare('SELECT * FROM orders ORDER BY client_order_id').all() as Record<string, unknown>[];
    // Later migrations add columns too (post_only): old rows get their defaults.
    expect(after.map(({ exchange_client_id: x, post_only: postOnly, ...rest }) => ({ x, postOnly, rest }))).toEqual(
      before.map((rest) => ({ x: null, postOnly: 0, rest })),
    );
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'orders' ORDER BY name").all()).toEqual([
      { name: 'orders_exchange_client_id' },
      { name: 'orders_open' },
      { name: 'sqlite_autoindex_orders_1' },
    ]);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(() => db.prepare("UPDATE orders SET status = 'submitting' WHERE client_order_id = 'a'").run()).not.toThrow();
    expect(() => db.prepare("UPDATE orders SET status = 'lost' WHERE client_order_id = 'a'").run()).toThrow(/CHECK constraint/);
    expect(() => db.prepare("UPDATE orders SET epoch_id = 9 WHERE client_order_id = 'a'").run()).toThrow(/FOREIGN KEY/);
  });
});

describe('the order journal', () => {
  function journal() {
    const store = Store.open(':memory:');
    const epoch = store.trading.createEpoch(1000, T);
    return { store, epoch, journal: new OrderJournalRepository(store.db, epoch.id) };
  }

  test('an intent is committed as submitting with its exchange client id; settle and unknown follow it; unresolved lists what to look up', () => {
    const { store, journal: j } = journal();
    j.intend(request('e1-SOL-1-o'), exchangeClientId('e1-SOL-1-o'), T);
    j.intend(request('e1-ETH-1-o', { symbol: 'ETH/USD' }), exchangeClientId('e1-ETH-1-o'), T);
    j.intend(request('e1-BTC-1-o', { symbol: 'BTC/USD' }), exchangeClientId('e1-BTC-1-o'), T);
    // Committed at once: another connection to the same database would see it (no transaction left open).
    expect(store.db.inTransaction).toBe(false);
    expect(j.unresolved().map((o) => [o.request.clientOrderId, o.status, o.exchangeClientId])).toEqual([
      ['e1-BTC-1-o', 'submitting', exchangeClientId('e1-BTC-1-o')],
      ['e1-ETH-1-o', 'submitting', exchangeClientId('e1-ETH-1-o')],
      ['e1-SOL-1-o', 'submitting', exchangeClientId('e1-SOL-1-o')],
    ]);
    expect(j.unresolved()[2]?.request).toEqual(request('e1-SOL-1-o'));
    // The whole request comes back, a post-only limit's flag and price with it.
    const postOnly = request('e1-SOL-2-o', { type: 'limit', limitPrice: 140.5, postOnly: true, takeProfitDistance: 9, atr: 3 });
    j.intend(postOnly, exchangeClientId('e1-SOL-2-o'), T);
    expect(j.unresolved().find((o) => o.request.clientOrderId === 'e1-SOL-2-o')?.request).toEqual(postOnly);
    j.settle({ request: postOnly, status: 'cancelled', filledQuantity: 0, updatedAt: T + 1, venueOrderId: 'OPOST-ONLY-1' });

    j.settle({ request: request('e1-SOL-1-o'), status: 'open', filledQuantity: 0, updatedAt: T + 1, venueOrderId: 'OABCDE-FGHIJ-KLMNOP' });
    j.settle({ request: request('e1-ETH-1-o'), status: 'rejected', filledQuantity: 0, updatedAt: T + 1, rejectReason: 'EOrder:Insufficient margin' });
    j.markUnknown('e1-BTC-1-o', 'answer lost; lookup failed', T + 2);
    expect(j.unresolved().map((o) => [o.request.clientOrderId, o.status, o.note])).toEqual([['e1-BTC-1-o', 'unknown', 'answer lost; lookup failed']]);

    // The engine's step upserts the same rows; the exchange client id stays.
    store.trading.writeIteration({
      epochId: 1,
      cash: 1000,
      time: T + 3,
      orders: [
        { request: request('e1-SOL-1-o'), status: 'filled', filledQuantity: 2, averagePrice: 100, updatedAt: T + 3, venueOrderId: 'OABCDE-FGHIJ-KLMNOP' },
      ],
      fills: [],
      openPositions: [],
      closedPositions: [],
      decisions: [],
      cursors: new Map(),
      timeframe: '1h',
    });
    expect(j.exchangeClientIds().get('e1-SOL-1-o')).toBe(exchangeClientId('e1-SOL-1-o'));
    expect(store.trading.orders(1).map((o) => [o.request.clientOrderId, o.status])).toEqual([
      ['e1-BTC-1-o', 'unknown'],
      ['e1-ETH-1-o', 'rejected'],
      ['e1-SOL-1-o', 'filled'],
      ['e1-SOL-2-o', 'cancelled'],
    ]);
    expect(store.trading.orders(1).find((o) => o.request.clientOrderId === 'e1-SOL-2-o')?.request.postOnly).toBe(true);
  });

  test('an order journaled twice is refused (a restart must look it up), as is a journal write inside another transaction', () => {
    const { store, journal: j } = journal();
    j.intend(request('e1-SOL-1-o'), exchangeClientId('e1-SOL-1-o'), T);
    expect(() => j.intend(request('e1-SOL-1-o'), exchangeClientId('e1-SOL-1-o'), T)).toThrow(FatalError);
    expect(() => store.transaction(() => j.intend(request('e1-SOL-2-o'), exchangeClientId('e1-SOL-2-o'), T))).toThrow(/commit on its own/);
    expect(j.unresolved()).toHaveLength(1);
    expect(() => j.settle({ request: request('never'), status: 'open', filledQuantity: 0, updatedAt: T })).toThrow(/never journaled/);
  });

  test('the quote held apart from the bot is kept per epoch', () => {
    const { store, epoch } = journal();
    expect(quoteOffset(store.db, epoch.id, 'USD')).toBe(0);
    saveQuoteOffset(store.db, epoch.id, 'USD', 2500, T);
    expect(quoteOffset(store.db, epoch.id, 'USD')).toBe(2500);
    expect(store.trading.cash(epoch.id)).toBe(1000);
  });
});
