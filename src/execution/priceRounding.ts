import type { OrderSide } from '../domain/order.js';

/*
 * The venue trades on a grid: prices in ticks of 10^-pricePrecision, amounts in steps of
 * 10^-amountPrecision. Scaled values are first cleaned to 6 decimals so that binary noise
 * (0.3 / 0.1 = 2.9999999999999996) never moves a value by a whole tick.
 */

function ticks(value: number, precision: number): number {
  return Number((value * 10 ** precision).toFixed(6));
}

function fromTicks(count: number, precision: number): number {
  return Number((count / 10 ** precision).toFixed(precision));
}

/** Nearest tick: where a resting order at `price` would sit on the book. */
export function roundPrice(price: number, precision: number): number {
  return fromTicks(Math.round(ticks(price, precision)), precision);
}

/**
 * The tick on the trader's own side of `price`: buys round down, sells round up. A post-only limit at the
 * close placed a tick through the last price would take liquidity, and the exchange refuses it.
 */
export function roundPricePassive(price: number, side: OrderSide, precision: number): number {
  const t = ticks(price, precision);
  return fromTicks(side === 'buy' ? Math.floor(t) : Math.ceil(t), precision);
}

/** The tick that costs the trader: buys round up, sells round down. */
export function roundPriceAgainst(price: number, side: OrderSide, precision: number): number {
  const t = ticks(price, precision);
  return fromTicks(side === 'buy' ? Math.ceil(t) : Math.floor(t), precision);
}

/** Amounts are truncated, never rounded up, as ccxt's amountToPrecision does. */
export function truncateAmount(quantity: number, precision: number): number {
  return fromTicks(Math.floor(ticks(quantity, precision)), precision);
}
