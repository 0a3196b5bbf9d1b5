import type { Fill } from '../../domain/fill.js';
import type { ClosedPosition } from '../../domain/ports.js';
import type { ClosedTrade } from '../metrics/index.js';
import type { TradeRow } from './types.js';

/**
 * One row per closed position, in the order they closed. Fees, the opened quantity and the exit
 * notional come from the position's fills; a position whose fills are not in the run (restored from
 * an earlier one) falls back to what the position itself says.
 */
export function tradeRows(closed: readonly ClosedPosition[], fills: readonly Fill[]): TradeRow[] {
  const byPosition = new Map<string, Fill[]>();
  for (const f of fills) {
    const list = byPosition.get(f.positionId);
    if (list) list.push(f);
    else byPosition.set(f.positionId, [f]);
  }
  return closed.map((c) => {
    const p = c.position;
    const own = byPosition.get(p.id) ?? [];
    let fees = 0;
    let exitNotional = 0;
    let exitQuantity = 0;
    let opened: number | undefined;
    for (const f of own) {
      fees += f.fee;
      if (f.effect === 'open') opened = f.quantity;
      else {
        exitNotional += f.quantity * f.price;
        exitQuantity += f.quantity;
      }
    }
    const quantity = opened ?? p.quantity;
    return {
      positionId: p.id,
      symbol: p.symbol,
      side: p.side,
      entryTime: p.entryTime,
      entryPrice: p.entryPrice,
      exitTime: c.exitTime,
      exitPrice: c.exitPrice,
      quantity,
      leverage: p.leverage,
      pnl: c.realizedPnl,
      fees,
      net: c.realizedPnl - fees,
      exitReason: c.exitReason,
      exitNotional: exitQuantity > 0 ? exitNotional : quantity * c.exitPrice,
    };
  });
}

export function closedTrade(row: TradeRow): ClosedTrade {
  return {
    entryTime: row.entryTime,
    exitTime: row.exitTime,
    pnl: row.pnl,
    fees: row.fees,
    notional: row.quantity * row.entryPrice,
    exitNotional: row.exitNotional,
  };
}
