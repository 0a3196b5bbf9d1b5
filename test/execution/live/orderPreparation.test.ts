import { describe, expect, test } from 'vitest';
import type { OrderRequest, OrderState } from '../../../src/domain/order.js';
import type { Position } from '../../../src/domain/position.js';
import { clampLeverage, prepareOnBooks, prepareOrder } from '../../../src/execution/live/orderPreparation.js';
import type { TradingMarket } from '../../../src/execution/live/tradingApi.js';

const SOL: TradingMarket = {
  symbol: 'SOL/USD',
  base: 'SOL',
  quote: 'USD',
  pricePrecision: 2,
  amountPrecision: 8,
  minAmount: 0.02,
  minCost: 0.5,
  maxLeverage: 3,
  pairId: 'SOLUSD',
  leverageBuy: [2, 3],
  leverageSell: [2, 3],
};
const SPOT: TradingMarket = { ...SOL, symbol: 'XYZ/USD', pairId: 'XYZUSD', leverageBuy: [], leverageSell: [], maxLeverage: 1 };

const req = (o: Partial<OrderRequest> = {}): OrderRequest => ({
  clientOrderId: 'e1-SOL-1-o',
  symbol: 'SOL/USD',
  side: 'buy',
  type: 'market',
  quantity: 1,
  leverage: 3,
  reduceOnly: false,
  createdAt: 0,
  signalBarTime: 0,
  reason: 'r',
  ...o,
});

const long: Position = {
  id: 'e1-SOL-0-o',
  symbol: 'SOL/USD',
  side: 'long',
  quantity: 2,
  entryPrice: 100,
  entryTime: 0,
  leverage: 2,
  margin: 100,
  liquidationPrice: 50.5,
  atr: 4,
  peakPrice: 100,
  trailing: false,
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
    expect(p).toMatchObject({
      params: { volume: '0.12345678', price: '100.00', leverage: 3, type: 'limit' },
      request: { quantity: 0.12345678, limitPrice: 100 },
    });
  });

  test('cost is checked at the limit price, or the last close for a market order, and left to the exchange without either', () => {
    expect(prepareOrder(req({ quantity: 0.03 }), { market: { ...SOL, minCost: 5 }, referencePrice: 100 })).toEqual({
      refused: expect.stringMatching(/3.00 below the exchange minimum 5/),
    });
    expect(prepareOrder(req({ quantity: 0.03 }), { market: { ...SOL, minCost: 5 } })).toHaveProperty('params');
  });

  test("a reduce-only close carries the position's own leverage; one that would add to it is refused; an entry against a position too", () => {
    expect(prepareOrder(req({ side: 'sell', quantity: 2, leverage: 3, reduceOnly: true }), { market: SOL, position: long })).toMatchObject({
      params: { leverage: 2, reduceOnly: true },
    });
    expect(prepareOrder(req({ side: 'buy', reduceOnly: true }), { market: SOL, position: long })).toEqual({
      refused: expect.stringMatching(/would add to the long/),
    });
    expect(prepareOrder(req({ side: 'sell' }), { market: SOL, position: long })).toEqual({ refused: expect.stringMatching(/one position per symbol/) });
  });

  const coins: Position = { ...long, id: 'e1-SOL-0-o', leverage: 1, margin: 200, liquidationPrice: 0.5 };

  test('a leverage-1 buy is a plain spot order: no leverage, no reduce_only; its request keeps leverage 1', () => {
    const p = prepareOrder(req({ leverage: 1 }), { market: SOL });
    expect(p).toMatchObject({ request: { leverage: 1 }, params: { reduceOnly: false } });
    expect(p).not.toHaveProperty('params.leverage');
    // A pair without margin trades spot purchases too; only what borrows needs its levels.
    expect(prepareOrder(req({ symbol: 'XYZ/USD', leverage: 1 }), { market: SPOT })).toHaveProperty('params');
    expect(prepareOrder(req({ symbol: 'XYZ/USD', leverage: 2 }), { market: SPOT })).toEqual({ refused: expect.stringMatching(/offers no margin for a buy/) });
    // A short always borrows the coin: a margin order at the lowest level at least.
    expect(prepareOrder(req({ side: 'sell', leverage: 1 }), { market: SOL })).toMatchObject({ params: { leverage: 2 } });
  });

  test('a coin holding is closed, reduced and protected by plain sells of at most what it holds', () => {
    const close = prepareOrder(req({ side: 'sell', quantity: 2, reduceOnly: true }), { market: SOL, position: coins });
    expect(close).toMatchObject({ request: { reduceOnly: true, leverage: 1 }, params: { reduceOnly: false, side: 'sell', volume: '2.00000000' } });
    expect(close).not.toHaveProperty('params.leverage');
    expect(prepareOrder(req({ side: 'sell', quantity: 0.5, reduceOnly: true }), { market: SOL, position: coins })).toMatchObject({
      params: { reduceOnly: false, volume: '0.50000000' },
    });
    expect(prepareOrder(req({ side: 'sell', quantity: 2.5, reduceOnly: true }), { market: SOL, position: coins })).toEqual({
      refused: expect.stringMatching(/more than the 2 the position holds/),
    });
  });

  test("an add on the position's side goes out in its kind: a spot buy onto coins, its own level onto a margin position", () => {
    const onCoins = prepareOrder(req({ leverage: 1, quantity: 1 }), { market: SOL, position: coins });
    expect(onCoins).toMatchObject({ request: { leverage: 1 }, params: { side: 'buy', reduceOnly: false } });
    expect(onCoins).not.toHaveProperty('params.leverage');
    expect(prepareOrder(req({ leverage: 3 }), { market: SOL, position: long })).toMatchObject({ request: { leverage: 2 }, params: { leverage: 2 } });
    expect(prepareOrder(req({ leverage: 2 }), { market: SOL, position: coins })).toEqual({
      refused: expect.stringMatching(/paid in cash: 2x cannot be borrowed onto a spot holding/),
    });
  });

  test('post-only goes out as such, and only on a limit', () => {
    expect(prepareOrder(req({ type: 'limit', limitPrice: 100, postOnly: true, leverage: 1 }), { market: SOL })).toMatchObject({
      params: { postOnly: true, price: '100.00' },
    });
    expect(prepareOrder(req({ postOnly: true }), { market: SOL })).toEqual({ refused: expect.stringMatching(/only a limit order can be post-only/) });
  });
});

describe('orders on a perpetual: contracts on margin at any leverage, never coins bought with cash', () => {
  const levels = Array.from({ length: 50 }, (_, i) => i + 1);
  const PERP: TradingMarket = {
    ...SOL,
    amountPrecision: 2,
    maxLeverage: 50,
    pairId: 'PF_SOLUSD',
    leverageBuy: levels,
    leverageSell: levels,
    perpetual: {
      id: 'PF_SOLUSD',
      unifiedSymbol: 'SOL/USD:USD',
      contractSize: 1,
      marginLevels: [{ fromNotional: 0, initialMargin: 0.02, maintenanceMargin: 0.01 }],
    },
  };

  test('a leverage-1 long is a margin order at 1x (isolated margin the size of the position), not a spot purchase', () => {
    const prep = prepareOrder(req({ leverage: 1, quantity: 3 }), { market: PERP });
    expect(prep).toMatchObject({ request: { leverage: 1 }, params: { leverage: 1, reduceOnly: false, volume: '3.00' } });
  });

  test('its close is reduce-only at the position leverage, an add keeps the position leverage, whatever the wanted one', () => {
    const oneX: Position = { ...long, leverage: 1, margin: 200 };
    expect(prepareOrder(req({ side: 'sell', reduceOnly: true, quantity: 2, leverage: 1 }), { market: PERP, position: oneX })).toMatchObject({
      params: { leverage: 1, reduceOnly: true },
    });
    expect(prepareOrder(req({ leverage: 7 }), { market: PERP, position: oneX })).toMatchObject({ params: { leverage: 1 } });
    expect(prepareOrder(req({ leverage: 31.9 }), { market: PERP })).toMatchObject({
      params: { leverage: 31 },
      leverageNote: expect.stringContaining('31.9x sent as 31x'),
    });
  });

  test('a reversal waits for its close: the exchange nets one position per contract, so an entry behind a pending close is refused (spot lets it go out)', () => {
    const close: OrderState = {
      request: req({ clientOrderId: 'close', side: 'sell', reduceOnly: true, quantity: 2 }),
      status: 'open',
      filledQuantity: 0,
      updatedAt: 0,
    };
    const short = req({ side: 'sell', quantity: 3, leverage: 2 });
    expect(prepareOnBooks(short, { market: PERP, position: long, openOrders: [close] })).toMatchObject({
      refused: expect.stringMatching(/long position on SOL\/USD is open/),
    });
    expect(prepareOnBooks(short, { market: SOL, position: long, openOrders: [close] })).toMatchObject({ params: { side: 'sell', leverage: 2 } });
  });
});
