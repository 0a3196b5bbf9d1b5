import type { CandleSeries } from '../../kraken/candleSeries.js';
import { KrakenFuturesApiError } from '../futuresApiError.js';
import type { FixtureRate } from '../fundingFixture.js';
import type { EmulatorPerpetual } from '../instruments.js';
import { FUTURES_ENTRY_FEES, FuturesAccount, type FuturesFees } from './futuresAccount.js';
import { FuturesIds } from './futuresIds.js';
import { FuturesMatcher } from './futuresMatcher.js';
import { isTriggerOrder, iso, orderJson, triggerJson, unfilled, type FuturesOrder } from './futuresOrder.js';
import { FuturesTape } from './futuresTape.js';
import { OrderRefusal, parseSendOrder } from './sendOrderRequest.js';

/** The emulated futures account behind the private endpoints. */
export interface FuturesAccountOptions {
  /** USD collateral at the start (logged as a transfer in). */
  readonly usd?: number;
  /** Fee fractions; default Kraken Futures' entry tier (0.02% maker, 0.05% taker). */
  readonly fees?: FuturesFees;
  /** Taker fills are this many basis points worse than the tape print (default 0). */
  readonly slippageBps?: number;
  /** Seed of the id generator (default 1): same seed, same requests, same ids. */
  readonly seed?: number;
  /** Isolated-margin leverage preferences to start with, by contract id (PF_SOLUSD: 10). */
  readonly leverage?: Readonly<Record<string, number>>;
  /**
   * How long a filled or cancelled order stays visible to orders/status (default 5 s of emulated time, as
   * Kraken documents: "open or were filled/cancelled in the last 5 seconds"; looked up, not measured).
   */
  readonly orderStatusWindowMs?: number;
}

export interface FuturesExchangeDeps {
  readonly perpetuals: readonly EmulatorPerpetual[];
  readonly seriesOf: (p: EmulatorPerpetual) => CandleSeries | undefined;
  readonly funding: ReadonlyMap<string, readonly FixtureRate[]>;
  readonly start: number;
}

/** sendorder's answer: the status and the order's events. */
export interface SendStatus {
  readonly order_id?: string;
  readonly status: string;
  readonly receivedTime: string;
  readonly orderEvents: Record<string, unknown>[];
}

/**
 * The exchange side of the user's futures account: takes orders in, refuses or books them, matches them on the
 * tape and answers for positions, margin and history. Route handlers translate Kraken Futures' forms to and
 * from it; tests read it directly (`emu.exchange.account`) to check what really happened behind a fault.
 */
export class FuturesExchange {
  readonly account: FuturesAccount;
  readonly tape: FuturesTape;
  readonly orderStatusWindowMs: number;
  private readonly matcher: FuturesMatcher;
  private readonly ids: FuturesIds;
  /** Every cliOrdId ever sent: Kraken wants it unique (ccxt: "It must be globally unique"). */
  private readonly cliOrdIds = new Set<string>();

  constructor(
    private readonly deps: FuturesExchangeDeps,
    options: FuturesAccountOptions,
  ) {
    this.ids = new FuturesIds(options.seed ?? 1);
    this.tape = new FuturesTape(deps.seriesOf);
    const rates = new Map([...deps.funding].map(([id, list]) => [id, new Map(list.map((r) => [r.time, r.relative]))]));
    this.account = new FuturesAccount(
      options.usd ?? 0,
      options.fees ?? FUTURES_ENTRY_FEES,
      this.ids,
      { rate: (p, start) => rates.get(p.id)?.get(start), price: (p, t) => this.tape.lastPrice(p, t) },
      deps.start,
    );
    for (const [id, leverage] of Object.entries(options.leverage ?? {})) this.account.leverage.set(id, leverage);
    this.orderStatusWindowMs = options.orderStatusWindowMs ?? 5000;
    this.matcher = new FuturesMatcher(this.account, this.tape, options.slippageBps ?? 0, deps.start);
  }

  perpetual(id: string): EmulatorPerpetual | undefined {
    return this.deps.perpetuals.find((p) => p.id.toLowerCase() === id.toLowerCase());
  }

  /** Match, trigger, liquidate and settle funding up to `now`; every private request does this first. */
  advance(now: number): void {
    this.matcher.advance(now);
  }

  /** The last print at or before `now`. */
  price(p: EmulatorPerpetual, now: number): number {
    const price = this.tape.lastPrice(p, now);
    if (price === undefined) throw new OrderRefusal('marketSuspended');
    return price;
  }

  mark(now: number): (p: EmulatorPerpetual) => number | undefined {
    return (p) => this.tape.lastPrice(p, now);
  }

  /** sendorder: refuse, or book and meet the market at once. `pieces` > 1 fills the order in that many parts. */
  sendOrder(params: Readonly<Record<string, string>>, now: number, pieces = 1): SendStatus {
    const receivedTime = iso(now);
    try {
      const request = parseSendOrder(params, (id) => this.perpetual(id));
      const { perpetual } = request;
      if (request.cliOrdId !== undefined && this.cliOrdIds.has(request.cliOrdId)) throw new OrderRefusal('clientOrderIdAlreadyExist');
      const price = this.price(perpetual, now);
      const reducible = this.account.positions.reducible(perpetual, request.side);
      if (request.reduceOnly && reducible <= 0) throw new OrderRefusal('wouldNotReducePosition');
      if (!request.reduceOnly) {
        const at = request.limitPrice ?? request.stopPrice ?? price;
        const needed = this.account.openingMargin(perpetual, Math.max(0, request.size - reducible), at) + request.size * at * this.account.fees.taker;
        if (needed > this.account.figures(this.mark(now), now).availableMargin + 1e-9) throw new OrderRefusal('insufficientAvailableFunds');
      }
      const limit = request.limitPrice;
      if (request.type === 'post' && limit !== undefined && (request.side === 'buy' ? limit > price : limit < price))
        throw new OrderRefusal('postWouldExecute');
      if (request.type === 'ioc' && limit !== undefined && (request.side === 'buy' ? limit < price : limit > price))
        throw new OrderRefusal('iocWouldNotExecute');
      if (request.cliOrdId !== undefined) this.cliOrdIds.add(request.cliOrdId);

      const order: FuturesOrder = {
        ...request,
        orderId: this.ids.uuid(),
        receivedTime: now,
        pieces: Math.max(1, Math.floor(pieces)),
        status: 'open',
        triggered: !isTriggerOrder(request),
        filled: 0,
        lastUpdateTime: now,
        fills: [],
      };
      this.account.orders.set(order.orderId, order);
      this.matcher.place(order, price, now);
      if (request.type === 'ioc' && order.status === 'open') this.account.cancel(order, now, 'iocRemainder');
      return { order_id: order.orderId, status: 'placed', receivedTime, orderEvents: this.placementEvents(order) };
    } catch (err) {
      if (err instanceof OrderRefusal) return { status: err.status, receivedTime, orderEvents: [] };
      throw err;
    }
  }

  /** What sendorder's answer says happened: an EXECUTION per fill at placement, then the order as it rests. */
  private placementEvents(order: FuturesOrder): Record<string, unknown>[] {
    const events: Record<string, unknown>[] = [];
    let before = 0;
    for (const fillId of order.fills) {
      const fill = this.account.fills.find((f) => f.fillId === fillId);
      if (!fill) continue;
      events.push({
        type: 'EXECUTION',
        executionId: fill.fillId,
        price: fill.price,
        amount: fill.size,
        orderPriorEdit: null,
        orderPriorExecution: orderJson(order, before),
        takerReducedQuantity: null,
      });
      before += fill.size;
    }
    if (order.status === 'open' && !order.triggered) events.push({ orderTrigger: triggerJson(order), type: 'PLACE' });
    else if (order.status === 'open' && events.length === 0) events.push({ uid: order.orderId, order: orderJson(order), reducedQuantity: null, type: 'PLACE' });
    return events;
  }

  /** The order an order_id / orderId or cliOrdId names, open or not. */
  find(params: Readonly<Record<string, string>>): FuturesOrder | undefined {
    const id = params['order_id'] ?? params['orderId'];
    const cliOrdId = params['cliOrdId'];
    if (id !== undefined) return this.account.orders.get(id);
    return cliOrdId === undefined ? undefined : this.account.byCliOrdId(cliOrdId);
  }

  /** cancelorder by order_id or cliOrdId: `cancelled`, `filled` (too late) or `notFound`. */
  cancel(params: Readonly<Record<string, string>>, now: number): Record<string, unknown> {
    const order = this.find(params);
    const receivedTime = iso(now);
    if (!order || order.status === 'cancelled') return { status: 'notFound', receivedTime };
    if (order.status === 'filled') return { status: 'filled', order_id: order.orderId, receivedTime };
    this.account.cancel(order, now, 'cancelledByUser');
    return { status: 'cancelled', order_id: order.orderId, receivedTime, orderEvents: [{ uid: order.orderId, order: orderJson(order), type: 'CANCEL' }] };
  }

  /**
   * editorder: a new open size (Kraken's default, relative: what is left to fill), limit or trigger of an open
   * order. `orderForEditNotFound` when it is not open, `orderForEditNotAStop` for a trigger on a plain limit.
   */
  edit(params: Readonly<Record<string, string>>, now: number): Record<string, unknown> {
    const order = this.find(params);
    const receivedTime = iso(now);
    if (order?.status !== 'open') return { status: 'orderForEditNotFound', receivedTime };
    if (params['stopPrice'] !== undefined && !isTriggerOrder(order)) return { status: 'orderForEditNotAStop', receivedTime };
    const old = orderJson(order);
    const number = (key: string): number | undefined => {
      const text = params[key];
      if (text === undefined) return undefined;
      const value = Number(text);
      if (!(value > 0)) throw new KrakenFuturesApiError(`invalidArgument: ${key}`);
      return value;
    };
    const size = number('size');
    const limitPrice = number('limitPrice');
    const stopPrice = number('stopPrice');
    const edited = order as { -readonly [K in keyof FuturesOrder]: FuturesOrder[K] };
    if (size !== undefined) edited.size = order.filled + size;
    if (limitPrice !== undefined) edited.limitPrice = limitPrice;
    if (stopPrice !== undefined) edited.stopPrice = stopPrice;
    order.lastUpdateTime = now;
    if (unfilled(order) <= 0) order.status = 'filled';
    return { status: 'edited', orderId: order.orderId, receivedTime, orderEvents: [{ old, new: orderJson(order), reducedQuantity: null, type: 'EDIT' }] };
  }

  /** Orders orders/status still reports: open ones, and the others for a few seconds after their last event. */
  statusVisible(o: FuturesOrder, now: number): boolean {
    return o.status === 'open' || now - o.lastUpdateTime <= this.orderStatusWindowMs;
  }
}
