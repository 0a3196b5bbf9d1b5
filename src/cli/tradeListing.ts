import type { Symbol } from '../domain/bar.js';
import type { FinancingCharge } from '../domain/financing.js';
import type { Fill } from '../domain/fill.js';
import { tradeRows } from '../backtest/report/tradeRows.js';
import type { TradeRow } from '../backtest/report/types.js';
import type { PositionView } from '../store/portfolioStatus.js';
import type { Store } from '../store/store.js';

/** A trade of a paper or live epoch: a closed position, or one still open marked at the last processed close. */
export interface ListedTrade {
  readonly status: 'closed' | 'open';
  readonly positionId: string;
  readonly symbol: Symbol;
  readonly side: string;
  readonly entryTime: number;
  readonly entryPrice: number;
  /** Closed: when and at what mean price it was closed; open: the mark's time and price. */
  readonly exitTime: number | null;
  readonly exitPrice: number;
  readonly quantity: number;
  readonly leverage: number;
  /**
   * P&L before fees and financing. Closed: realised. Open: what its reductions realised so far plus the
   * rest unrealised at the mark, so that the net of every trade adds up to the epoch's equity change.
   */
  readonly pnl: number;
  /** Every fee of the position's fills so far. */
  readonly fees: number;
  /** Margin opening and rollover fees (or funding) charged to it so far. */
  readonly financing: number;
  readonly net: number;
  /** close, stop, take_profit, liquidation; 'open' while open. */
  readonly exitReason: string;
}

function sumBy<T extends { readonly positionId: string }>(items: readonly T[], value: (x: T) => number): Map<string, number> {
  const out = new Map<string, number>();
  for (const x of items) out.set(x.positionId, (out.get(x.positionId) ?? 0) + value(x));
  return out;
}

function closed(r: TradeRow): ListedTrade {
  return { status: 'closed', ...r, exitTime: r.exitTime, exitReason: r.exitReason };
}

/**
 * Closed trades and open positions of an epoch that were open at some time in [from, to): fees and
 * financing per trade, as the backtest report counts them (the same tradeRows).
 */
export function listTrades(
  store: Store,
  epochId: number,
  open: readonly PositionView[],
  markedAt: number | null,
  from = -Infinity,
  to = Infinity,
): ListedTrade[] {
  const fills: Fill[] = store.trading.fills(epochId);
  const charges: FinancingCharge[] = store.trading.charges(epochId);
  const rows = tradeRows(store.closedPositions(epochId), fills, charges).map(closed);
  const fees = sumBy(fills, (f) => f.fee);
  const realized = sumBy(fills, (f) => f.realizedPnl);
  const financing = sumBy(charges, (c) => c.amount);
  const stillOpen = open.map((p): ListedTrade => {
    const fee = fees.get(p.id) ?? 0;
    const fin = financing.get(p.id) ?? 0;
    const pnl = (realized.get(p.id) ?? 0) + p.unrealizedPnl;
    return {
      status: 'open',
      positionId: p.id,
      symbol: p.symbol,
      side: p.side,
      entryTime: Date.parse(p.entryTime),
      entryPrice: p.entryPrice,
      exitTime: markedAt,
      exitPrice: p.markPrice,
      quantity: p.quantity,
      leverage: p.leverage,
      pnl,
      fees: fee,
      financing: fin,
      net: pnl - fee - fin,
      exitReason: 'open',
    };
  });
  return [...rows, ...stillOpen].filter((t) => t.entryTime < to && (t.status === 'open' || (t.exitTime ?? Infinity) >= from));
}
