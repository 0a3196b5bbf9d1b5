import type { Symbol } from '../domain/bar.js';
import type { AccountSnapshot } from '../domain/ports.js';
import { markedValue, unrealizedPnl } from '../domain/position.js';
import type { AccountEquity, EquityPoint } from '../domain/equity.js';

export type { AccountEquity };

/** Equity of an account with every position marked at `marks`; a position without a mark counts at its entry. */
export function equityOf(account: Pick<AccountSnapshot, 'cash' | 'positions'>, marks: ReadonlyMap<Symbol, number>): AccountEquity {
  let margin = 0;
  let upnl = 0;
  let value = 0;
  for (const p of account.positions) {
    const mark = marks.get(p.symbol) ?? p.entryPrice;
    margin += p.margin;
    upnl += unrealizedPnl(p, mark);
    value += markedValue(p, mark);
  }
  return { cash: account.cash, margin, unrealizedPnl: upnl, equity: account.cash + value };
}

/** equityOf as the point of an equity curve at `time`: one object, the same fields as `{ time, ...equityOf() }`. */
export function equityPointOf(time: number, account: Pick<AccountSnapshot, 'cash' | 'positions'>, marks: ReadonlyMap<Symbol, number>): EquityPoint {
  const e = equityOf(account, marks);
  return { time, cash: e.cash, margin: e.margin, unrealizedPnl: e.unrealizedPnl, equity: e.equity };
}
