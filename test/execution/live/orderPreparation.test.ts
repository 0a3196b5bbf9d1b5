import { describe, expect, test } from 'vitest';
import type { OrderRequest } from '../../../src/domain/order.js';
import type { Position } from '../../../src/domain/position.js';
import { clampLeverage, prepareOrder } from '../../../src/execution/live/orderPreparation.js';
import type { TradingMarket } from '../../../src/execution/live/tradingApi.js';

const SOL: TradingMarket = {
  symbol: 'SOL/USD', base: 'SOL', quote: 'USD', pricePrecision: 2, amountPrecision: 8, minAmount: 0.02, minCost: 0.5, maxLeverage: 3,
  pairId: 'SOLUSD', leverageBuy: [2, 3], leverageSell: [2, 3],
};
const SPOT: TradingMarket = { ...SOL, symbol: 'XYZ/USD', pairId: 'XYZUSD', leverageBuy: [], leverageSell: [], maxLeverage: 1 };

const req = (o: Partial<OrderRequest> = {}): OrderRequest => ({
  clientOrderId: 'e1-SOL-1-o', symbol: 'SOL/USD', side: 'buy', type: 'market', quantity: 1, leverage: 3, reduceOnly: false, createdAt: 0, signalBarTime: 0, reason: 'r', ...o,
});

const long: Position = {
  id: 'e1-SOL-0-o', symbol: 'SOL/USD', side: 'long', quantity: 2, entryPrice: 100, entryTime: 0, leverage: 2, margin: 100, liquidationPrice: 50.5, atr: 4, peakPrice: 100, trailing: false,
};

describe('clampLeverage', () => {
  test.each([
    [35, { min: 20, max: 125, default: 35 }, 3],
    [2.9, undefined, 2],
    [3, undefined, 3],
    [1, undefined, 2],
    [10, { min: 1, max: 2, default: 2 }, 2],
  ] as const)('%s with range %j -> %s', (wanted, range, expected) => {
    expect(clampLeverage(wanted, 'buy', SOL, range)).toEqual({ leverage: expected });
  });

  test('a market without margin for the side is refused; so is a leverage that is not a number', () => {
    expect(clampLeverage(2, 'sell', SPOT)).toEqual({ refused: expect.stringMatching(/offers no margin for a sell/) });
    expect(clampLeverage(Number.NaN, 'buy', SOL)).toEqual({ refused: expect.stringMatching(/not a positive number/) });
  });
});

describe('prepareOrder', () => {
  test('the exact text sent: volume on the lot decimals, price on the tick, the leverage level', () => {
    const p = prepareOrder(req({ type: 'limit', quantity: 0.123456789, limitPrice: 99.999 }), { market: SOL });
    expect(p).toMatchObject({ params: { volume: '0.12345678', price: '100.00', leverage: 3, type: 'limit' }, request: { quantity: 0.12345678, limitPrice: 100 } });
  });

  test('cost is checked at the limit price, or the last close for a market order, and left to the exchange without either', () => {
    expect(prepareOrder(req({ quantity: 0.03 }), { market: { ...SOL, minCost: 5 }, referencePrice: 100 })).toEqual({ refused: expect.stringMatching(/3.00 below the exchange minimum 5/) });
    expect(prepareOrder(req({ quantity: 0.03 }), { market: { ...SOL, minCost: 5 } })).toHaveProperty('params');
  });

  test('a reduce-only close carries the position\'s own leverage; one that would add to it is refused; an entry beside a position too', () => {
    expect(prepareOrder(req({ side: 'sell', quantity: 2, leverage: 3, reduceOnly: true }), { market: SOL, position: long })).toMatchObject({ params: { leverage: 2, reduceOnly: true } });
    expect(prepareOrder(req({ side: 'buy', reduceOnly: true }), { market: SOL, position: long })).toEqual({ refused: expect.stringMatching(/would add to the long/) });
    expect(prepareOrder(req({ side: 'sell' }), { market: SOL, position: long })).toEqual({ refused: expect.stringMatching(/one position per symbol/) });
  });
});
