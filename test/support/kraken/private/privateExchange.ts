import type { CandleSeries } from '../candleSeries.js';
import { KrakenApiError } from '../krakenEmulator.js';
import { ENTRY_FEES, type EmulatorMarket } from '../markets.js';
import { Account, holdPriceOf, type FeeRates } from './account.js';
import { KrakenIds } from './krakenIds.js';
import { KRAKEN_MARGIN_FEES, type MarginFees } from './marginFees.js';
import { crossesBook, Matcher } from './matching.js';
import { parseAddOrder } from './orderRequest.js';
import { PriceTape } from './priceTape.js';
import { describeOrder, isTriggerType, type PrivateOrder } from './privateOrder.js';

/** The emulated account behind the private endpoints. */
export interface AccountOptions {
  /** Starting balances by Kraken asset id, e.g. { ZUSD: 10_000, SOL: 2 }. */
  readonly balances?: Readonly<Record<string, number>>;
  /** Percent fees; default Kraken's entry tier (0.26 taker, 0.16 maker). */
  readonly fees?: FeeRates;
  /** Taker fills are this many basis points worse than the tape print (default 0). */
  readonly slippageBps?: number;
  /** Seed of the txid generator (default 1): same seed, same requests, same ids. */
  readonly seed?: number;
  /** Margin opening and rollover fees (default Kraken's published rates); false: none. */
  readonly marginFees?: MarginFees | false;
}

export interface ExchangeDeps {
  readonly markets: readonly EmulatorMarket[];
  readonly seriesOf: (market: EmulatorMarket) => CandleSeries | undefined;
  readonly findMarket: (pair: string) => EmulatorMarket | undefined;
  /** Emulated time the account starts at. */
  readonly start: number;
}

/**
 * The exchange side of the user's account: accepts and validates orders, books them, matches them on
 * the tape and answers for balances. Route handlers translate Kraken's forms to and from it; tests can
 * read it directly (`emu.exchange.account.orders`) to check what really happened behind a fault.
 */
export class PrivateExchange {
  readonly account: Account;
  readonly tape: PriceTape;
  private readonly matcher: Matcher;
  private readonly ids: KrakenIds;

  constructor(
    private readonly deps: ExchangeDeps,
    options: AccountOptions,
  ) {
    this.ids = new KrakenIds(options.seed ?? 1);
    // The ledger draws its ids from its own generator: order and trade ids stay what they were per seed.
    const ledgerIds = new KrakenIds((options.seed ?? 1) + 0x4c4544);
    const marginFees = options.marginFees === false ? undefined : (options.marginFees ?? KRAKEN_MARGIN_FEES);
    this.account = new Account(options.balances ?? {}, options.fees ?? ENTRY_FEES, this.ids, ledgerIds, marginFees);
    this.tape = new PriceTape(deps.seriesOf);
    this.matcher = new Matcher(this.account, this.tape, options.slippageBps ?? 0, deps.start);
  }

  /**
   * Match resting orders against the tape up to `now`, and charge the rollovers due meanwhile, in time
   * order: a position a print closes before its rollover falls due does not pay it. Every private
   * request does this first.
   */
  advance(now: number): void {
    let done = -Infinity;
    for (let due = this.account.nextRolloverTime(); due !== undefined && due <= now && due > done; due = this.account.nextRolloverTime()) {
      const at = due;
      this.matcher.advance(at);
      this.account.rollOver(at, (m) => this.tape.lastPrice(m, at));
      done = at;
    }
    this.matcher.advance(now);
  }

  /** The last tape print at or before `now`. */
  price(market: EmulatorMarket, now: number): number {
    const price = this.tape.lastPrice(market, now);
    if (price === undefined) throw new KrakenApiError('EService:Unavailable');
    return price;
  }

  /** Value of one unit of `asset` in ZUSD at `now`; 0 when no USD market prices it. */
  valueOf(asset: string, now: number): number {
    if (asset === 'ZUSD') return 1;
    const market = this.deps.markets.find((m) => m.base === asset && m.quote === 'ZUSD');
    return (market && this.tape.lastPrice(market, now)) ?? 0;
  }

  /** AddOrder: validate, check funds or margin, book, and meet the market at once. */
  addOrder(params: Readonly<Record<string, string>>, now: number, pieces = 1): { descr: { order: string }; txid?: string[] } {
    const { order: request, validateOnly, immediateOrCancel } = parseAddOrder(params, this.deps.findMarket);
    const { market } = request;
    const price = this.price(market, now);
    const holdPrice = holdPriceOf(request, price);
    if (request.volume * holdPrice < Number(market.costmin)) throw new KrakenApiError('EOrder:Cost minimum not met');
    if (request.clOrdId !== undefined && this.account.openOrders().some((o) => o.clOrdId === request.clOrdId)) {
      throw new KrakenApiError('EOrder:Duplicate order');
    }
    const closable = this.account.positions.closable(market, request.side);
    if (request.reduceOnly && closable <= 0) throw new KrakenApiError('EOrder:Reduce only:Non-PC');
    if (request.leverage !== undefined && !request.reduceOnly) {
      const opening = Math.max(0, request.volume - closable);
      const needed = (opening * holdPrice) / request.leverage;
      const { mf } = this.account.tradeBalance(
        (m) => this.tape.lastPrice(m, now),
        (a) => this.valueOf(a, now),
      );
      if (needed > (mf ?? 0) - this.account.reservedMargin()) throw new KrakenApiError('EOrder:Insufficient margin');
    } else if (request.leverage === undefined && !request.reduceOnly) {
      const [asset, needed] =
        request.side === 'buy' ? [market.quote, request.volume * holdPrice * (1 + this.account.fees.taker / 100)] : [market.base, request.volume];
      if (needed > this.account.available(asset) + 1e-9) throw new KrakenApiError('EOrder:Insufficient funds');
    }
    // Kraken refuses a post-only order that would take liquidity rather than book it (NautilusTrader's
    // Kraken adapter, KRAKEN_SPOT_POST_ONLY_ERROR; ccxt's kraken.js leaves it unmapped: an ExchangeError).
    // At the last price it rests at the touch.
    if (request.postOnly && crossesBook(request, price)) throw new KrakenApiError('EOrder:Post only order');
    const descr = { order: describeOrder(request) };
    if (validateOnly) return { descr };

    const order: PrivateOrder = {
      ...request,
      txid: this.ids.next('O'),
      openTime: now,
      holdPrice,
      pieces: Math.max(1, Math.floor(pieces)),
      status: 'open',
      triggered: !isTriggerType(request.type),
      filled: 0,
      cost: 0,
      fee: 0,
      trades: [],
    };
    this.account.orders.set(order.txid, order);
    this.matcher.place(order, price, now);
    if (immediateOrCancel && order.status === 'open') this.account.cancel(order, now, 'Unfilled IOC order');
    return { descr, txid: [order.txid] };
  }

  /** CancelOrder by txid, or by cl_ord_id; only open orders can be cancelled. */
  cancel(params: Readonly<Record<string, string>>, now: number): { count: number; pending: boolean } {
    const txid = params['txid'];
    const clOrdId = params['cl_ord_id'];
    const open = this.account.openOrders();
    const order =
      clOrdId !== undefined
        ? open.find((o) => o.clOrdId === clOrdId)
        : open.find((o) => o.txid === txid || (o.userref !== undefined && String(o.userref) === txid));
    if (!order) throw new KrakenApiError('EOrder:Unknown order');
    this.account.cancel(order, now, 'User requested');
    return { count: 1, pending: false };
  }

  /** Orders by txid, in the order asked; an unknown id fails the whole query as on Kraken. */
  query(txids: readonly string[]): PrivateOrder[] {
    return txids.map((id) => {
      const order = this.account.orders.get(id);
      if (!order) throw new KrakenApiError('EOrder:Invalid order');
      return order;
    });
  }
}
