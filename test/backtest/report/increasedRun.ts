import type { EquityPoint } from '../../../src/domain/equity.js';
import type { FinancingCharge } from '../../../src/domain/financing.js';
import { impliedCashDelta, type Fill, type FillEffect } from '../../../src/domain/fill.js';
import type { ClosedPosition } from '../../../src/domain/ports.js';
import type { BacktestInput } from '../../../src/backtest/report/index.js';

/**
 * A scripted run of six hourly bars on X/USD (and Y/USD, never traded), small enough to work out every
 * cost figure by hand (the comments of costs.test.ts). Synthetic: it tests the arithmetic, not a market.
 *
 *   bar      T0    T1    T2    T3    T4    T5
 *   X/USD   100   110   120   130   125    95
 *   Y/USD    50    50    50    50    50    50
 *
 * p1: long 2x, opened 1 at 110 (T1), increased by 1 at 120 (T2) and by 2 at 130 (T3): 4 at a mean 122.5;
 *     reduced by 2 at 125 (T4, +5), the last 2 stopped at 120 (T5, -5).
 * p2: short 1 at 125 (T4), take-profit at 100 (T5, +25).
 * p3: long 1 at 94 (T5), still open, marked at 95.
 * Every fee is 0.1 % of notional. Financing: p1's opening fees at T1 and T2 (0.11, 0.12), a rollover of
 * p1 due at T4, the close of bar T3, so charged in bar T3 (0.49), p2's opening fee at T4 (0.125).
 * Times are bar open times; each bar's point is marked at its close.
 */
export const H = 3_600_000;
export const T0 = Date.UTC(2024, 0, 1);
export const T = (i: number): number => T0 + i * H;
export const X = 'X/USD';
export const Y = 'Y/USD';
export const FEE = 0.001;

function fill(position: string, side: 'buy' | 'sell', quantity: number, price: number, bar: number, effect: FillEffect, realizedPnl = 0, leverage = 2): Fill {
  const base = {
    id: `${position}:${bar}:${effect}`,
    clientOrderId: `${position}:${bar}:${effect}`,
    positionId: position,
    symbol: X,
    side,
    quantity,
    price,
    fee: quantity * price * FEE,
    liquidity: 'taker' as const,
    time: T(bar),
    effect,
    leverage,
    margin: (quantity * price) / leverage,
    realizedPnl,
  };
  return { ...base, cashDelta: impliedCashDelta(base) };
}

export const increasedFills: Fill[] = [
  fill('p1', 'buy', 1, 110, 1, 'open'),
  fill('p1', 'buy', 1, 120, 2, 'increase'),
  fill('p1', 'buy', 2, 130, 3, 'increase'),
  fill('p1', 'sell', 2, 125, 4, 'close', 5),
  fill('p2', 'sell', 1, 125, 4, 'open', 0, 1),
  fill('p1', 'sell', 2, 120, 5, 'stop', -5),
  fill('p2', 'buy', 1, 100, 5, 'take_profit', 25, 1),
  fill('p3', 'buy', 1, 94, 5, 'open', 0, 1),
];

function charge(position: string, kind: FinancingCharge['kind'], time: number, base: number): FinancingCharge {
  return { id: `${position}:${kind}@${time}`, positionId: position, symbol: X, kind, time, rate: FEE, base, amount: base * FEE };
}

export const increasedCharges: FinancingCharge[] = [
  charge('p1', 'margin_open', T(1), 110),
  charge('p1', 'margin_open', T(2), 120),
  charge('p1', 'rollover', T(4), 490),
  charge('p2', 'margin_open', T(4), 125),
];

function closed(
  id: string,
  side: 'long' | 'short',
  quantity: number,
  entryPrice: number,
  entryBar: number,
  leverage: number,
  exitPrice: number,
  exitReason: FillEffect,
  realizedPnl: number,
): ClosedPosition {
  return {
    position: {
      id,
      symbol: X,
      side,
      quantity,
      entryPrice,
      entryTime: T(entryBar),
      leverage,
      margin: (quantity * entryPrice) / leverage,
      liquidationPrice: 0,
      atr: 1,
      peakPrice: entryPrice,
      trailing: false,
    },
    exitPrice,
    exitTime: T(5),
    exitReason,
    realizedPnl,
  };
}

/** As the venue reports them: p1 with what was left when the stop hit. */
export const increasedClosed: ClosedPosition[] = [
  closed('p1', 'long', 2, 122.5, 1, 2, 120, 'stop', 0),
  closed('p2', 'short', 1, 125, 4, 1, 100, 'take_profit', 25),
];

/** 1000 + P&L after fees and financing at each mark: -0.22, 9.54, 28.79, 8.29, 23.856. */
export const increasedEquity: EquityPoint[] = [1000, 999.78, 1009.54, 1028.79, 1008.29, 1023.856].map((equity, i) => ({
  time: T(i),
  equity,
  cash: equity,
  margin: 0,
  unrealizedPnl: 0,
}));

export function increasedInput(over: Partial<BacktestInput> = {}): BacktestInput {
  return {
    runId: 'increased-run',
    assets: [X, Y],
    timeframe: '1h',
    from: T(0),
    to: T(6),
    capital: 1000,
    takerFee: FEE,
    config: {},
    equity: increasedEquity,
    fills: increasedFills,
    closedPositions: increasedClosed,
    charges: increasedCharges,
    closes: new Map([
      [X, [100, 110, 120, 130, 125, 95].map((close, i) => ({ time: T(i), close }))],
      [Y, [50, 50, 50, 50, 50, 50].map((close, i) => ({ time: T(i), close }))],
    ]),
    modelVersions: {},
    ...over,
  };
}
