import type { FinancingCharge } from '../../domain/financing.js';
import { isOpening, type Fill } from '../../domain/fill.js';
import type { ClosedPosition } from '../../domain/ports.js';
import type { ClosedTrade } from '../metrics/index.js';
import type { TradeRow } from './types.js';

function byPosition<T extends { readonly positionId: string }>(items: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of items) {
    const list = out.get(x.positionId);
    if (list) list.push(x);
    else out.set(x.positionId, [x]);
  }
  return out;
}

/**
 * One row per closed position, in the order they closed. A position may have been added to and reduced
 * several times: its entry is what its opening fills (the open and every increase) bought, its exit what
 * its closing fills sold, each price the quantity-weighted mean. Fees and financing are the position's
 * own. A position whose fills are not in the run (restored from an earlier one) falls back to what the
 * position itself says.
 */
export function tradeRows(closed: readonly ClosedPosition[], fills: readonly Fill[], charges: readonly FinancingCharge[] = []): TradeRow[] {
  const fillsOf = byPosition(fills);
  const chargesOf = byPosition(charges);
  return closed.map((c) => {
    const p = c.position;
    let fees = 0;
    let entryNotional = 0;
    let entryQuantity = 0;
    let exitNotional = 0;
    let exitQuantity = 0;
    for (const f of fillsOf.get(p.id) ?? []) {
      fees += f.fee;
      if (isOpening(f.effect)) {
        entryNotional += f.quantity * f.price;
        entryQuantity += f.quantity;
      } else {
        exitNotional += f.quantity * f.price;
        exitQuantity += f.quantity;
      }
    }
    const financing = (chargesOf.get(p.id) ?? []).reduce((sum, x) => sum + x.amount, 0);
    const quantity = entryQuantity > 0 ? entryQuantity : p.quantity;
    const entry =
      entryQuantity > 0 ? { price: entryNotional / entryQuantity, notional: entryNotional } : { price: p.entryPrice, notional: p.quantity * p.entryPrice };
    const exit = exitQuantity > 0 ? { price: exitNotional / exitQuantity, notional: exitNotional } : { price: c.exitPrice, notional: quantity * c.exitPrice };
    return {
      positionId: p.id,
      symbol: p.symbol,
      side: p.side,
      entryTime: p.entryTime,
      entryPrice: entry.price,
      exitTime: c.exitTime,
      exitPrice: exit.price,
      quantity,
      leverage: p.leverage,
      pnl: c.realizedPnl,
      fees,
      financing,
      net: c.realizedPnl - fees - financing,
      exitReason: c.exitReason,
      entryNotional: entry.notional,
      exitNotional: exit.notional,
    };
  });
}

export function closedTrade(row: TradeRow): ClosedTrade {
  return {
    entryTime: row.entryTime,
    exitTime: row.exitTime,
    pnl: row.pnl,
    fees: row.fees,
    financing: row.financing,
    notional: row.entryNotional,
    exitNotional: row.exitNotional,
  };
}
