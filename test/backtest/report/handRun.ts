import type { EquityPoint } from '../../../src/domain/equity.js';
import { impliedCashDelta, type Fill, type FillEffect } from '../../../src/domain/fill.js';
import type { ClosedPosition } from '../../../src/domain/ports.js';
import type { BacktestInput } from '../../../src/backtest/report/index.js';

/**
 * A scripted two-asset run of five hourly bars, small enough to compute every figure by hand
 * (the numbers in the comments of buildReport.test.ts). Synthetic: it tests the arithmetic, not a market.
 *
 *   bar        T0    T1    T2    T3    T4
 *   A/USD     100   110   121   110   132
 *   B/USD      50    50    40    45    50
 *
 * pA1 long 2 A at 110 (T1), closed at 121 (T2); pB1 short 4 B at 50 (T1, 2x), take-profit at 40 (T2);
 * pA2 long 1 A at 110 (T3), stopped at 104.5 (T4); pB2 long 4 B at 45 (T3), still open at T4.
 * Every fee is 0.1 % of notional.
 */
export const H = 3_600_000;
export const T0 = Date.UTC(2024, 0, 1);
export const T = (i: number): number => T0 + i * H;
export const A = 'A/USD';
export const B = 'B/USD';
export const FEE = 0.001;

interface FillSpec {
  readonly position: string;
  readonly symbol: string;
  readonly side: 'buy' | 'sell';
  readonly quantity: number;
  readonly price: number;
  readonly bar: number;
  readonly effect: FillEffect;
  readonly leverage: number;
  /** Entry price of the position, for the realised P&L of a closing fill. */
  readonly entry?: number;
}

function fill(s: FillSpec, n: number): Fill {
  const notional = s.quantity * s.price;
  const opening = s.effect === 'open';
  const sign = s.side === 'sell' ? 1 : -1; // a closing sell closes a long
  const margin = opening ? notional / s.leverage : (s.quantity * s.entry!) / s.leverage;
  const realizedPnl = opening ? 0 : sign * (s.price - s.entry!) * s.quantity;
  const base = {
    id: `${s.position}:${n}:fill`,
    clientOrderId: `${s.position}:${n}`,
    positionId: s.position,
    symbol: s.symbol,
    side: s.side,
    quantity: s.quantity,
    price: s.price,
    fee: notional * FEE,
    liquidity: 'taker' as const,
    time: T(s.bar),
    effect: s.effect,
    leverage: s.leverage,
    margin,
    realizedPnl,
  };
  return { ...base, cashDelta: impliedCashDelta(base) };
}

const specs: FillSpec[] = [
  { position: 'pA1', symbol: A, side: 'buy', quantity: 2, price: 110, bar: 1, effect: 'open', leverage: 1 },
  { position: 'pB1', symbol: B, side: 'sell', quantity: 4, price: 50, bar: 1, effect: 'open', leverage: 2 },
  { position: 'pA1', symbol: A, side: 'sell', quantity: 2, price: 121, bar: 2, effect: 'close', leverage: 1, entry: 110 },
  { position: 'pB1', symbol: B, side: 'buy', quantity: 4, price: 40, bar: 2, effect: 'take_profit', leverage: 2, entry: 50 },
  { position: 'pA2', symbol: A, side: 'buy', quantity: 1, price: 110, bar: 3, effect: 'open', leverage: 1 },
  { position: 'pB2', symbol: B, side: 'buy', quantity: 4, price: 45, bar: 3, effect: 'open', leverage: 1 },
  { position: 'pA2', symbol: A, side: 'sell', quantity: 1, price: 104.5, bar: 4, effect: 'stop', leverage: 1, entry: 110 },
];
export const handFills: Fill[] = specs.map(fill);

function closed(
  id: string,
  symbol: string,
  side: 'long' | 'short',
  quantity: number,
  entry: number,
  entryBar: number,
  leverage: number,
  exit: number,
  exitBar: number,
  reason: FillEffect,
): ClosedPosition {
  return {
    position: {
      id,
      symbol,
      side,
      quantity,
      entryPrice: entry,
      entryTime: T(entryBar),
      leverage,
      margin: (quantity * entry) / leverage,
      liquidationPrice: 0,
      atr: 1,
      peakPrice: entry,
      trailing: false,
    },
    exitPrice: exit,
    exitTime: T(exitBar),
    exitReason: reason,
    realizedPnl: (side === 'long' ? 1 : -1) * (exit - entry) * quantity,
  };
}

export const handClosed: ClosedPosition[] = [
  closed('pA1', A, 'long', 2, 110, 1, 1, 121, 2, 'close'),
  closed('pB1', B, 'short', 4, 50, 1, 2, 40, 2, 'take_profit'),
  closed('pA2', A, 'long', 1, 110, 3, 1, 104.5, 4, 'stop'),
];

const closesA = [100, 110, 121, 110, 132];
const closesB = [50, 50, 40, 45, 50];

/** Equity and cash worked out by hand: 1000 + P&L of A + P&L of B at each mark. */
export const handEquity: EquityPoint[] = [
  { time: T(0), cash: 1000, equity: 1000 },
  { time: T(1), cash: 679.58, equity: 999.58 },
  { time: T(2), cash: 1061.178, equity: 1061.178 },
  { time: T(3), cash: 770.888, equity: 1060.888 },
  { time: T(4), cash: 875.2835, equity: 1075.2835 },
].map((p) => ({ ...p, margin: 0, unrealizedPnl: p.equity - p.cash }));

export function handInput(over: Partial<BacktestInput> = {}): BacktestInput {
  return {
    runId: 'hand-run',
    assets: [A, B],
    timeframe: '1h',
    from: T(0),
    to: T(5),
    capital: 1000,
    takerFee: FEE,
    config: { strategy: 'scripted', fees: { taker: FEE } },
    equity: handEquity,
    fills: handFills,
    closedPositions: handClosed,
    regimes: [
      { time: T(0), regime: 'bull' },
      { time: T(3), regime: 'bear' },
      { time: T(2), asset: A, regime: 'bear' },
    ],
    closes: new Map([
      [A, closesA.map((close, i) => ({ time: T(i), close }))],
      [B, closesB.map((close, i) => ({ time: T(i), close }))],
    ]),
    modelVersions: { lstm: 'v3-abc123' },
    walkForward: [{ trainFrom: T(0), trainTo: T(1), testFrom: T(1), testTo: T(4) }],
    ...over,
  };
}
