import type { Symbol } from '../../domain/bar.js';
import type { ExchangeOrder } from '../../execution/live/tradingApi.js';
import type { FuturesFill } from './krakenFuturesTradingPayloads.js';

const EPS = 1e-9;

/**
 * What the adapter has seen of the account's orders and fills, to answer for an order Kraken Futures no
 * longer lists: orders/status keeps an ended order for about 5 s, openorders only open ones, and there is
 * no closed-orders call on the derivatives API. An order gone from both has ended; its fills (which
 * carry its order_id and cliOrdId) say how much of it traded, and the last state seen of it (from an
 * answer to sendorder, openorders or orders/status) says what it was. Ended with every contract filled, it
 * is closed; otherwise cancelled with what did fill.
 */
export class EndedOrders {
  private readonly seen = new Map<string, ExchangeOrder>();
  private readonly fills = new Map<string, FuturesFill>();

  constructor(private readonly symbolOf: (pair: string) => Symbol | undefined) {}

  noteOrder(o: ExchangeOrder): void {
    this.seen.set(o.txid, o);
  }

  noteFills(fills: readonly FuturesFill[]): void {
    for (const f of fills) this.fills.set(f.fill_id, f);
  }

  /** The order id of the fills under a cliOrdId, if any were seen. */
  orderIdOf(clientId: string): string[] {
    return [...new Set([...this.fills.values()].filter((f) => f.cliOrdId === clientId).map((f) => f.order_id))];
  }

  hasFillsOf(orderId: string): boolean {
    return [...this.fills.values()].some((f) => f.order_id === orderId);
  }

  /** The ended order `orderId` as far as it can be told, or undefined when nothing at all was seen of it. */
  ended(orderId: string): ExchangeOrder | undefined {
    const fills = [...this.fills.values()].filter((f) => f.order_id === orderId).sort((a, b) => a.fillTime - b.fillTime);
    const last = this.seen.get(orderId);
    const first = fills[0];
    if (!last && !first) return undefined;
    const traded = fills.reduce((a, f) => a + f.size, 0);
    const notional = fills.reduce((a, f) => a + f.size * f.price, 0);
    const filled = Math.max(traded, last?.filled ?? 0);
    const volume = last?.volume ?? filled;
    const closed = filled >= volume - EPS && filled > 0;
    const pair = last?.pair ?? (first as FuturesFill).symbol;
    const symbol = last?.symbol ?? this.symbolOf(pair);
    const clientId = last?.clientId ?? first?.cliOrdId ?? undefined;
    const lastFill = fills.at(-1);
    return {
      txid: orderId,
      ...(clientId && { clientId }),
      ...(symbol !== undefined && { symbol }),
      pair,
      side: last?.side ?? (first as FuturesFill).side,
      type: last?.type ?? 'other',
      status: closed ? 'closed' : 'canceled',
      volume,
      filled,
      averagePrice: traded > 0 ? notional / traded : 0,
      fee: 0,
      price: last?.price ?? 0,
      reduceOnly: last?.reduceOnly ?? false,
      openTime: last?.openTime ?? (first as FuturesFill).fillTime,
      closeTime: lastFill?.fillTime ?? last?.closeTime ?? last?.openTime ?? 0,
      ...(!closed && { reason: last?.reason ?? 'ended on the exchange without filling in full' }),
      tradeIds: fills.map((f) => f.fill_id),
    };
  }

  /**
   * An order of which nothing is known but that it existed and is gone: ended without a fill. Only its id,
   * status and filled amount mean anything (what the venue reads of an order it already tracks).
   */
  unfilled(orderId: string, now: number): ExchangeOrder {
    return {
      txid: orderId,
      pair: '',
      side: 'buy',
      type: 'other',
      status: 'canceled',
      volume: 0,
      filled: 0,
      averagePrice: 0,
      fee: 0,
      price: 0,
      reduceOnly: false,
      openTime: now,
      closeTime: now,
      reason: 'not open on the exchange and never filled: it ended unfilled (cancelled or expired)',
      tradeIds: [],
    };
  }
}
