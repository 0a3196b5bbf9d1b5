import type { Symbol } from '../../domain/bar.js';
import type { ClosedTrade, EquityPoint } from '../metrics/index.js';
import type { BuyAndHoldLeg } from './types.js';

export const BUY_AND_HOLD_METHOD =
  'capital split equally over the assets; each bought at its close of the first bar and sold at its close of the last, ' +
  'paying the taker fee on both; marked at each close in between; the first point is the capital before buying';

export interface BuyAndHoldRun {
  readonly curve: EquityPoint[];
  readonly legs: BuyAndHoldLeg[];
  readonly trades: ClosedTrade[];
}

/**
 * Equal-weight buy-and-hold of `assets` on `times`. A leg given capital C buys C / (1 + fee) of notional,
 * so that it spends C with its fee; its last point is what selling at the last mark leaves after the fee.
 * With a single time there is nothing to hold through: no legs, a flat curve.
 */
export function buyAndHold(
  assets: readonly Symbol[],
  capital: number,
  takerFee: number,
  times: ArrayLike<number>,
  marks: ReadonlyMap<Symbol, ArrayLike<number>>,
): BuyAndHoldRun {
  const n = times.length;
  if (n === 0) throw new RangeError('buy-and-hold: no times');
  const first = times[0]!;
  if (n === 1) return { curve: [{ time: first, equity: capital }], legs: [], trades: [] };
  const last = n - 1;
  const slice = capital / assets.length;
  const legs: { symbol: Symbol; quantity: number; m: ArrayLike<number> }[] = assets.map((symbol) => {
    const m = marks.get(symbol);
    if (!m || m.length !== n) throw new RangeError(`buy-and-hold: no marks of ${symbol} for the ${n} times`);
    return { symbol, quantity: slice / (1 + takerFee) / m[0]!, m };
  });

  const curve: EquityPoint[] = new Array(n);
  curve[0] = { time: first, equity: capital };
  for (let i = 1; i < n; i++) {
    let value = 0;
    for (const leg of legs) value += leg.quantity * leg.m[i]!;
    curve[i] = { time: times[i]!, equity: i === last ? value * (1 - takerFee) : value };
  }

  const reported: BuyAndHoldLeg[] = [];
  const trades: ClosedTrade[] = [];
  for (const { symbol, quantity, m } of legs) {
    const entry = quantity * m[0]!;
    const exit = quantity * m[last]!;
    const fees = (entry + exit) * takerFee;
    reported.push({
      symbol,
      quantity,
      entryTime: first,
      entryPrice: m[0]!,
      exitTime: times[last]!,
      exitPrice: m[last]!,
      fees,
      totalReturn: (exit * (1 - takerFee)) / slice - 1,
    });
    trades.push({ entryTime: first, exitTime: times[last]!, pnl: exit - entry, fees, notional: entry, exitNotional: exit });
  }
  return { curve, legs: reported, trades };
}
