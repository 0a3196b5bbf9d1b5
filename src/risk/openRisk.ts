import type { Symbol } from '../domain/bar.js';
import { markedValue, type Position } from '../domain/position.js';

/**
 * What the open positions would take off equity if all their stops were hit now, plus the exit fees. It is
 * measured from the mark, not the entry, because equity is marked: a trailing stop in profit still puts the
 * gain above it at risk, and a mark already through its stop risks only the fee. A position without a stop
 * risks everything it is worth to the account (its liquidation is its stop). The input of maxPortfolioRisk.
 */
export function openRisk(positions: readonly Position[], marks: ReadonlyMap<Symbol, number>, takerFee: number): number {
  let total = 0;
  for (const p of positions) {
    const mark = marks.get(p.symbol) ?? p.entryPrice;
    if (p.stopPrice === undefined) {
      total += Math.max(0, markedValue(p, mark));
      continue;
    }
    const adverse = p.side === 'long' ? mark - p.stopPrice : p.stopPrice - mark;
    total += (Math.max(0, adverse) + takerFee * p.stopPrice) * p.quantity;
  }
  return total;
}
