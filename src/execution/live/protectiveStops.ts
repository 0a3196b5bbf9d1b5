import type { Bar, Symbol } from '../../domain/bar.js';
import type { OrderRequest } from '../../domain/order.js';
import type { Position } from '../../domain/position.js';
import { closingSide } from '../orderStates.js';
import type { TradingMarket } from './tradingApi.js';

/**
 * Where a position's stop-loss lives. 'exchange': a reduce-only stop-loss order rests on the exchange and
 * fires even while the daemon is down. 'daemon': the daemon checks each closed bar and sends a reduce-only
 * market close when the bar crossed the stop, so the position is unprotected while the daemon is down.
 */
export type StopMode = 'exchange' | 'daemon';

/**
 * Kraken takes a reduce-only margin stop-loss on any pair with margin. ccxt's createOrder cannot read the
 * answer to a leveraged one (it throws after the order is booked), which is why the venue sends orders
 * with ccxt's raw AddOrder call. A market without margin levels gets daemon-managed stops.
 */
export function stopModeOf(market: TradingMarket, preference: StopMode): StopMode {
  if (preference === 'daemon') return 'daemon';
  return market.leverageBuy.length > 0 && market.leverageSell.length > 0 ? 'exchange' : 'daemon';
}

/** One line per symbol for the daemon to tell the user at start-up. */
export function describeStopModes(modes: ReadonlyMap<Symbol, StopMode>): string {
  return [...modes]
    .map(([symbol, mode]) =>
      mode === 'exchange'
        ? `${symbol}: stop-losses rest on the exchange as reduce-only stop orders (they fire even if the daemon is down)`
        : `${symbol}: stop-losses are managed by the daemon (checked on each closed bar; NOT enforced while the daemon is down)`,
    )
    .join('\n');
}

export interface ProtectiveTrigger {
  readonly effect: 'stop' | 'take_profit';
  /** The level the bar crossed. */
  readonly level: number;
}

/**
 * Which protective level `bar` crossed for `p`, if any. Only bars that close after the position opened
 * count. The bar's path is unknown, so the adverse side is assumed first, as in the simulated venue.
 */
export function crossedLevel(
  p: Position,
  bar: Bar,
  barMs: number,
  check: { readonly stop: boolean; readonly takeProfit: boolean },
): ProtectiveTrigger | undefined {
  if (bar.time + barMs <= p.entryTime) return undefined;
  const long = p.side === 'long';
  const stop = p.stopPrice;
  if (check.stop && stop !== undefined && (long ? bar.low <= stop : bar.high >= stop)) return { effect: 'stop', level: stop };
  const tp = p.takeProfitPrice;
  if (check.takeProfit && tp !== undefined && (long ? bar.high >= tp : bar.low <= tp)) return { effect: 'take_profit', level: tp };
  return undefined;
}

/** A reduce-only market order closing all of `p`: what both kinds of protection send. */
function wholeClose(p: Position, o: Pick<OrderRequest, 'clientOrderId' | 'createdAt' | 'signalBarTime' | 'reason'>): OrderRequest {
  return { ...o, symbol: p.symbol, side: closingSide(p.side), type: 'market', quantity: p.quantity, leverage: p.leverage, reduceOnly: true };
}

/** The reduce-only market close the daemon sends when a bar crossed a level; one id per position and bar. */
export function protectiveClose(p: Position, trigger: ProtectiveTrigger, bar: Bar, time: number): OrderRequest {
  const tag = trigger.effect === 'stop' ? 'stop' : 'tp';
  return wholeClose(p, {
    clientOrderId: `${p.id}:${tag}@${bar.time}`,
    createdAt: time,
    signalBarTime: bar.time,
    reason: `${trigger.effect.replace('_', '-')} at ${trigger.level} crossed by the bar of ${new Date(bar.time).toISOString()} (daemon-managed)`,
  });
}

/** The id of the `attempt`-th protective close for the same position and bar (2, 3, ...). */
export function retryId(clientOrderId: string, attempt: number): string {
  return `${clientOrderId}r${attempt}`;
}

/** The exchange-side stop-loss order of a position, triggering at `trigger`; the id carries the time it was placed. */
export function exchangeStop(p: Position, time: number, trigger: number): OrderRequest {
  return wholeClose(p, {
    clientOrderId: `${p.id}:xstop@${time}`,
    createdAt: time,
    signalBarTime: p.entryTime,
    reason: `stop-loss at ${trigger} on the exchange`,
  });
}

/** Ids of exchange stop orders: kept out of the engine's open orders (they are protection, not pending intent). */
export function isExchangeStopId(clientOrderId: string): boolean {
  return /:xstop@\d+$/.test(clientOrderId);
}
