import { describe, expect, it } from 'vitest';
import type { Bar } from '../../src/domain/bar.js';
import type { OrderRequest } from '../../src/domain/order.js';
import type { Position } from '../../src/domain/position.js';
import { matchOrder } from '../../src/execution/orderMatch.js';
import { protectiveExit } from '../../src/execution/protectiveExit.js';

const T0 = Date.UTC(2024, 0, 1);
/** A scripted (SYNTHETIC) bar. */
const bar = (open: number, high: number, low: number, close: number): Bar => ({ time: T0, open, high, low, close, volume: 1 });
const limit = (side: 'buy' | 'sell', limitPrice: number, postOnly = false): OrderRequest => ({
  clientOrderId: 'o',
  symbol: 'SOL/USD',
  side,
  type: 'limit',
  limitPrice,
  quantity: 1,
  leverage: 1,
  reduceOnly: false,
  createdAt: T0,
  signalBarTime: T0 - 3_600_000,
  reason: 't',
  ...(postOnly && { postOnly }),
});
const match = (o: OrderRequest, b: Bar) => matchOrder(o, b, 10, 2);

describe('limit orders fill only when a later bar trades through them', () => {
  it.each([
    ['crossed (low below the limit): at the limit, maker', bar(100, 101, 94.99, 96), { price: 95, liquidity: 'maker' }],
    ['touched (low equal to the limit): no fill, the queue ahead is unknown', bar(100, 101, 95, 96), undefined],
    ['untouched', bar(100, 101, 96, 97), undefined],
    ['gapped through at the open: at the open, taker (it crosses the book)', bar(94, 96, 93, 95), { price: 94, liquidity: 'taker' }],
    ['opened at the limit: marketable, at the open, taker', bar(95, 96, 95, 95.5), { price: 95, liquidity: 'taker' }],
  ])('a buy limit at 95, %s', (_name, b, expected) => {
    expect(match(limit('buy', 95), b)).toEqual(expected);
  });

  it.each([
    ['crossed (high above the limit)', bar(100, 105.01, 99, 104), { price: 105, liquidity: 'maker' }],
    ['touched (high equal to the limit)', bar(100, 105, 99, 104), undefined],
    ['gapped through at the open', bar(106, 107, 105.5, 106), { price: 106, liquidity: 'taker' }],
  ])('a sell limit at 105, %s', (_name, b, expected) => {
    expect(match(limit('sell', 105), b)).toEqual(expected);
  });

  it('a resting post-only limit never takes: a bar that opens through it fills it at its price, as maker; a touch does not', () => {
    expect(match(limit('buy', 95, true), bar(94, 96, 93, 95))).toEqual({ price: 95, liquidity: 'maker' });
    expect(match(limit('buy', 95, true), bar(95, 96, 95, 95.5))).toBeUndefined();
    expect(match(limit('sell', 105, true), bar(106, 107, 105.5, 106))).toEqual({ price: 105, liquidity: 'maker' });
    expect(match(limit('sell', 105, true), bar(100, 105, 99, 104))).toBeUndefined();
  });
});

describe('take-profits follow the same through-rule', () => {
  const long: Position = {
    id: 'p',
    symbol: 'SOL/USD',
    side: 'long',
    quantity: 1,
    entryPrice: 100,
    entryTime: T0 - 7_200_000,
    leverage: 2,
    margin: 50,
    liquidationPrice: 50.5,
    takeProfitPrice: 110,
    atr: 2,
    peakPrice: 100,
    trailing: false,
  };
  const short: Position = { ...long, side: 'short', liquidationPrice: 149.5, takeProfitPrice: 90 };

  it('a bar that only reaches the target does not fill it; one that trades through does, at the target', () => {
    expect(protectiveExit(long, bar(105, 110, 104, 109), 105, 0, 2)).toBeUndefined();
    expect(protectiveExit(long, bar(105, 110.01, 104, 109), 105, 0, 2)).toEqual({ effect: 'take_profit', price: 110 });
    expect(protectiveExit(short, bar(95, 96, 90, 91), 95, 0, 2)).toBeUndefined();
    expect(protectiveExit(short, bar(95, 96, 89.99, 91), 95, 0, 2)).toEqual({ effect: 'take_profit', price: 90 });
  });
});
