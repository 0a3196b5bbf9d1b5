import { describe, expect, it } from 'vitest';
import type { MarketInfo } from '../../../src/domain/market.js';
import type { OrderState } from '../../../src/domain/order.js';
import { LiveBook, noEvents } from '../../../src/execution/live/liveBook.js';
import { reconcile } from '../../../src/execution/live/reconcile.js';
import type { ExchangeLedgerEntry, ExchangeTrade } from '../../../src/execution/live/tradingApi.js';

const SYM = 'SOL/USD';
const H = 3_600_000;
const T0 = Date.UTC(2025, 0, 1);
/** A perpetual as Kraken Futures lists PF_SOLUSD (figures for the test: 2% initial, 1% maintenance). */
const PERP: MarketInfo = {
  symbol: SYM,
  base: 'SOL',
  quote: 'USD',
  pricePrecision: 2,
  amountPrecision: 2,
  minAmount: 0.01,
  minCost: 0,
  maxLeverage: 50,
  perpetual: {
    id: 'PF_SOLUSD',
    unifiedSymbol: 'SOL/USD:USD',
    contractSize: 1,
    marginLevels: [{ fromNotional: 0, initialMargin: 0.02, maintenanceMargin: 0.01 }],
  },
};
const markets = new Map([[SYM, PERP]]);

const open: OrderState = {
  request: {
    clientOrderId: 'e1-SOL-1-o',
    symbol: SYM,
    side: 'buy',
    type: 'market',
    quantity: 10,
    leverage: 1,
    reduceOnly: false,
    createdAt: T0,
    signalBarTime: T0 - H,
    reason: 'script',
  },
  status: 'open',
  filledQuantity: 0,
  updatedAt: T0,
  venueOrderId: 'ord-1',
};

/** The exchange's fill of `open`: 10 contracts at 100, fee 0.5. */
const fill: ExchangeTrade = {
  id: 'fill-1',
  orderTxid: 'ord-1',
  symbol: SYM,
  pair: 'PF_SOLUSD',
  side: 'buy',
  price: 100,
  volume: 10,
  cost: 1000,
  fee: 0.5,
  margin: 0,
  closing: false,
  maker: false,
  time: T0,
};

const funding = (id: string, hours: number, amount: number): ExchangeLedgerEntry => ({
  id,
  refid: `b-${id}`,
  time: T0 + hours * H,
  type: 'funding',
  asset: 'USD',
  amount,
  fee: 0,
  symbol: SYM,
});

function bookWithLong(): LiveBook {
  const book = new LiveBook({ cash: 10_000, positions: [], orders: [open], fillIds: [], markets, maintenanceMarginRate: 0.005 });
  book.book(fill, noEvents());
  return book;
}

describe('the live book on a perpetual', () => {
  it('a leverage-1 long is contracts on margin: reconciled against the exchange position and the USD collateral (cash + margin), never against SOL coins', () => {
    const book = bookWithLong();
    const [p] = book.positionList();
    expect(p).toMatchObject({ side: 'long', quantity: 10, leverage: 1, margin: 1000 });
    expect(book.cash).toBeCloseTo(10_000 - 1000 - 0.5, 9);
    const state = {
      cash: book.cash,
      positions: book.positionList(),
      openOrders: [],
      fillIds: new Set(['fill-1']),
      tradesFrom: T0,
      journal: [],
      journaled: () => undefined,
    };
    const exchange = {
      balances: new Map([['USD', { total: 9999.5, hold: 0 }]]),
      openOrders: [],
      orders: [],
      trades: [],
      positions: [{ symbol: SYM, pair: 'PF_SOLUSD', side: 'buy' as const, volume: 10, margin: 0 }],
    };
    const agree = reconcile({ store: state, exchange, markets, maintenanceMarginRate: 0.005, quote: 'USD', quoteOffset: 0, tolerance: 0.01 });
    expect(agree.mismatches).toEqual([]);
    const flat = reconcile({
      store: state,
      exchange: { ...exchange, positions: [] },
      markets,
      maintenanceMarginRate: 0.005,
      quote: 'USD',
      quoteOffset: 0,
      tolerance: 0.01,
    });
    expect(flat.mismatches).toEqual([expect.stringMatching(/^SOL\/USD: the books hold long 10 .*, the exchange no position$/)]);
  });

  it("books each funding settlement once as a charge of the position it was settled on (signed as the balance moved), also one settled at the position's close", () => {
    const book = bookWithLong();
    const ev = noEvents();
    expect(book.bookFinancing(funding('7', 1, -0.1), ev)).toBe('booked');
    expect(book.bookFinancing(funding('7', 1, -0.1), ev)).toBe('nothing');
    expect(book.bookFinancing(funding('8', 2, 0.04), ev)).toBe('booked');
    expect(ev.charges.map((c) => [c.kind, c.positionId, c.amount, c.time])).toEqual([
      ['funding', 'e1-SOL-1-o', 0.1, T0 + H],
      ['funding', 'e1-SOL-1-o', -0.04, T0 + 2 * H],
    ]);
    // A long pays at a positive rate: the rate is recorded as the exchange quotes it.
    expect(ev.charges[0]?.rate).toBeCloseTo(0.1 / 1000, 12);
    expect(book.cash).toBeCloseTo(10_000 - 1000 - 0.5 - 0.1 + 0.04, 9);
    // Funding before the bot's first fill on the contract is not the bot's: left to the caller.
    expect(book.bookFinancing(funding('1', -1, -0.2), noEvents())).toBe('unknown trade');
  });

  it("books the exchange's liquidation as a close of the whole position, cash moving by the exchange's realised P&L less its fee", () => {
    const book = new LiveBook({
      cash: 10_000,
      positions: [],
      orders: [{ ...open, request: { ...open.request, leverage: 10 } }],
      fillIds: [],
      markets,
      maintenanceMarginRate: 0.005,
    });
    book.book(fill, noEvents());
    const [p] = book.positionList();
    expect(p?.margin).toBeCloseTo(100, 9);
    const ev = noEvents();
    // Past its liquidation price at 88: the exchange caps the loss at the margin (100) and charges 0.44.
    const liquidation: ExchangeTrade = {
      ...fill,
      id: 'liq-1',
      orderTxid: 'kraken-liq',
      side: 'sell',
      price: 88,
      cost: 880,
      fee: 0.44,
      time: T0 + H,
      liquidation: { realizedPnl: -100 },
    };
    book.book(liquidation, ev);
    expect(book.positionList()).toEqual([]);
    expect(ev.closed).toMatchObject([{ exitReason: 'liquidation', exitPrice: 88 }]);
    expect(ev.fills.map((f) => [f.effect, f.side, f.quantity, f.price])).toEqual([['liquidation', 'sell', 10, 88]]);
    // Balance = cash + margin; it moved by -100 - 0.44 from the open: so does the book.
    expect(book.cash).toBeCloseTo(10_000 - 0.5 - 100 - 0.44, 9);
    expect(book.hasFill('liq-1')).toBe(true);
  });
});
