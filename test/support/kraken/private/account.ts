import type { EmulatorMarket } from '../markets.js';
import type { KrakenIds } from './krakenIds.js';
import { Ledger } from './ledger.js';
import { marginRate, type MarginFees } from './marginFees.js';
import { MarginBook, type MarginPosition } from './marginPositions.js';
import { activeLimit, fillPriceDecimals, krakenTime, remaining, type PrivateOrder } from './privateOrder.js';

/** One fill of one of the user's orders (TradesHistory's entry). */
export interface PrivateTrade {
  readonly id: string;
  /** Kraken's newer integer trade id. */
  readonly tradeId: number;
  readonly order: PrivateOrder;
  readonly time: number;
  readonly price: number;
  readonly vol: number;
  readonly fee: number;
  readonly maker: boolean;
  /** Margin posted (opening) or released (closing); 0 for spot. */
  readonly margin: number;
  /** The position this fill opened or closed. */
  readonly position?: MarginPosition;
  readonly closing: boolean;
}

/** Percent fee rates (Kraken's entry tier by default). */
export interface FeeRates {
  readonly taker: number;
  readonly maker: number;
}

const EPS = 1e-9;

/**
 * The user's money: balances per asset, orders, fills, margin positions and the ledger of every change.
 * Spot fills move the base and quote balances (the fee in the quote, as Kraken takes it by default for
 * fiat pairs and as `oflags=fciq` asks); margin fills open or close positions and settle only fees,
 * margin fees and profit in the quote currency. Holds are derived from the open spot orders, never stored.
 */
export class Account {
  readonly balances = new Map<string, number>();
  readonly orders = new Map<string, PrivateOrder>();
  readonly trades: PrivateTrade[] = [];
  readonly positions = new MarginBook();
  readonly ledger: Ledger;
  private tradeSeq = 1;

  constructor(
    initial: Readonly<Record<string, number>>,
    readonly fees: FeeRates,
    private readonly ids: KrakenIds,
    ledgerIds: KrakenIds,
    /** Margin opening and rollover fees; undefined: none. */
    readonly marginFees?: MarginFees,
  ) {
    for (const [asset, amount] of Object.entries(initial)) this.balances.set(asset, amount);
    this.ledger = new Ledger(ledgerIds);
  }

  balance(asset: string): number {
    return this.balances.get(asset) ?? 0;
  }

  private add(asset: string, amount: number): void {
    this.balances.set(asset, this.balance(asset) + amount);
  }

  openOrders(): PrivateOrder[] {
    return [...this.orders.values()].filter((o) => o.status === 'open');
  }

  /** What the open spot orders hold of `asset`: quote for buys (at their price plus taker fee), base for sells. */
  hold(asset: string): number {
    let held = 0;
    for (const o of this.openOrders()) {
      if (o.leverage !== undefined) continue;
      if (o.side === 'buy' && o.market.quote === asset) held += remaining(o) * o.holdPrice * (1 + this.fees.taker / 100);
      if (o.side === 'sell' && o.market.base === asset) held += remaining(o);
    }
    return held;
  }

  available(asset: string): number {
    return this.balance(asset) - this.hold(asset);
  }

  /** Margin the open margin orders would post if they filled at their hold price. */
  reservedMargin(): number {
    return this.openOrders()
      .filter((o) => o.leverage !== undefined && !o.reduceOnly)
      .reduce((a, o) => a + (remaining(o) * o.holdPrice) / (o.leverage as number), 0);
  }

  /** Kraken's TradeBalance figures in the quote asset at `mark` prices. */
  tradeBalance(mark: (market: EmulatorMarket) => number | undefined, valueOf: (asset: string) => number): Record<string, number> {
    let tb = 0;
    for (const [asset, amount] of this.balances) tb += amount * valueOf(asset);
    const { cost, value, net } = this.positions.totals(mark);
    const m = this.positions.usedMargin();
    const e = tb + net;
    const uv = this.openOrders().reduce((a, o) => a + remaining(o) * o.holdPrice, 0);
    return { eb: tb, tb, m, n: net, c: cost, v: value, e, mf: e - m, ...(m > 0 && { ml: (e / m) * 100 }), uv };
  }

  /**
   * Fill `vol` of `order` at `price`. A reduce-only order fills only what closes a position; a margin
   * fill first closes opposite positions (oldest first), the rest opens a new one. Returns the volume filled.
   */
  fill(order: PrivateOrder, volume: number, price: number, maker: boolean, time: number): number {
    const { market } = order;
    let vol = Math.min(volume, remaining(order));
    if (order.reduceOnly) vol = Math.min(vol, this.positions.closable(market, order.side));
    if (vol <= EPS) return 0;
    const rate = (maker ? this.fees.maker : this.fees.taker) / 100;
    if (order.leverage === undefined && !order.reduceOnly) {
      const cost = vol * price;
      const fee = cost * rate;
      const id = this.ids.next('T');
      const sign = order.side === 'buy' ? 1 : -1;
      this.add(market.quote, -sign * cost - fee);
      this.add(market.base, sign * vol);
      this.record(order, vol, price, fee, maker, time, 0, undefined, false, id);
      this.entry(id, time, 'trade', market.base, sign * vol, 0);
      this.entry(id, time, 'trade', market.quote, -sign * cost, fee);
    } else {
      const closes = this.positions.close(market, order.side, vol, price);
      let closed = 0;
      for (const c of closes) {
        const fee = c.vol * price * rate;
        this.add(market.quote, c.pnl - fee);
        c.position.fee += fee;
        const id = this.ids.next('T');
        this.record(order, c.vol, price, fee, maker, time, c.marginReleased, c.position, true, id);
        this.entry(id, time, 'margin', market.quote, c.pnl, fee);
        closed += c.vol;
      }
      const opening = order.reduceOnly ? 0 : vol - closed;
      if (opening > EPS) {
        const leverage = order.leverage ?? 1;
        const fee = opening * price * rate;
        const openingFee = this.marginFees ? opening * price * marginRate(this.marginFees, market, order.side) : 0;
        this.add(market.quote, -fee - openingFee);
        const id = this.ids.next('T');
        const position = this.positions.open({
          id,
          ordertxid: order.txid,
          market,
          side: order.side,
          ordertype: order.type,
          leverage,
          time,
          price,
          vol: opening,
          margin: (opening * price) / leverage,
          fee: fee + openingFee,
        });
        this.record(order, opening, price, fee, maker, time, position.margin, position, false, id);
        // Kraken's ledger shows one 'margin' entry for the trade: its fee and the opening fee together.
        this.entry(id, time, 'margin', market.quote, 0, fee + openingFee);
      }
      vol = closed + opening;
    }
    if (remaining(order) <= EPS) {
      order.status = 'closed';
      order.closeTime = time;
    }
    return vol;
  }

  /**
   * Rollover fees due at `time`: every margin position open then whose next rollover (each
   * `intervalHours` after it opened) falls at `time` pays its rate on the value lent (a long's cost, a
   * short's open volume at `markPrice`).
   */
  rollOver(time: number, markPrice: (market: EmulatorMarket) => number | undefined): void {
    const fees = this.marginFees;
    if (!fees) return;
    for (const p of this.positions.openPositions()) {
      if (nextRollover(p, fees) !== time) continue;
      const open = p.vol - p.volClosed;
      const lent = p.side === 'buy' ? open * p.price : open * (markPrice(p.market) ?? p.price);
      const fee = lent * marginRate(fees, p.market, p.side);
      this.add(p.market.quote, -fee);
      p.fee += fee;
      p.rollovers++;
      this.entry(p.id, time, 'rollover', p.market.quote, 0, fee);
    }
  }

  /** The earliest rollover due among the open margin positions, if any. */
  nextRolloverTime(): number | undefined {
    const fees = this.marginFees;
    if (!fees) return undefined;
    const times = this.positions.openPositions().map((p) => nextRollover(p, fees));
    return times.length > 0 ? Math.min(...times) : undefined;
  }

  private entry(refid: string, time: number, type: 'trade' | 'margin' | 'rollover', asset: string, amount: number, fee: number): void {
    this.ledger.write({ refid, time, type, asset, amount, fee, balance: this.balance(asset) });
  }

  private record(
    order: PrivateOrder,
    vol: number,
    price: number,
    fee: number,
    maker: boolean,
    time: number,
    margin: number,
    position: MarginPosition | undefined,
    closing: boolean,
    id: string,
  ): void {
    order.filled += vol;
    order.cost += vol * price;
    order.fee += fee;
    order.trades.push(id);
    this.trades.push({ id, tradeId: this.tradeSeq++, order, time, price, vol, fee, maker, margin, closing, ...(position && { position }) });
  }

  cancel(order: PrivateOrder, time: number, reason: string): void {
    order.status = 'canceled';
    order.closeTime = time;
    order.reason = reason;
  }
}

function nextRollover(p: MarginPosition, fees: MarginFees): number {
  return p.time + (p.rollovers + 1) * fees.intervalHours * 3_600_000;
}

/** TradesHistory's entry for one fill; a spot fill has no margin fields. */
export function tradeEntry(t: PrivateTrade): Record<string, unknown> {
  const m = t.order.market;
  const p = t.position;
  return {
    ordertxid: t.order.txid,
    ...(p && t.closing && { postxid: p.id }),
    pair: m.id,
    time: krakenTime(t.time),
    type: t.order.side,
    ordertype: t.order.type,
    price: t.price.toFixed(fillPriceDecimals(m)),
    cost: (t.price * t.vol).toFixed(5),
    fee: t.fee.toFixed(5),
    vol: t.vol.toFixed(m.lotDecimals),
    ...(p && { margin: t.margin.toFixed(5) }),
    ...(t.order.leverage !== undefined && { leverage: String(t.order.leverage) }),
    misc: t.closing ? 'closing' : '',
    ...(p && !t.closing && { posstatus: p.status }),
    trade_id: t.tradeId,
    maker: t.maker,
  };
}

/** Price the open order is held at: its limit, else its trigger, else the market price when placed. */
export function holdPriceOf(order: Pick<PrivateOrder, 'type' | 'price' | 'price2'>, marketPrice: number): number {
  return activeLimit(order) ?? order.price ?? marketPrice;
}
