import type { Symbol } from '../../domain/bar.js';
import type { FinancingCharge } from '../../domain/financing.js';
import type { Fill } from '../../domain/fill.js';

/** One asset's books replayed from its fills and financing charges onto the equity curve's times. */
export interface AssetLedger {
  readonly symbol: Symbol;
  /**
   * P&L up to each time: realised P&L minus the fees of fills and the financing charged at or before
   * it, plus open positions marked.
   */
  readonly pnl: Float64Array;
  /** 1 where a position in this asset is open at the mark. */
  readonly open: Uint8Array;
  /** Gross notional of the open positions at the mark: quantity x mark, summed. */
  readonly notional: Float64Array;
  readonly fills: number;
  /** Positions still open at the last time. */
  readonly openAtEnd: number;
  /** At the last time: realised P&L plus the open positions marked, before fees and financing. */
  readonly grossPnl: number;
  /** Fees of the fills, and financing charged, up to the last time. */
  readonly fees: number;
  readonly financing: number;
  /** Quantity x price over every fill up to the last time. */
  readonly tradedNotional: number;
}

interface Held {
  readonly sign: 1 | -1;
  quantity: number;
  /** Every quantity its opening fills added: the reference of the dust rule. */
  opened: number;
  /** Quantity-weighted mean of the opening fills' prices, as the venue keeps it. */
  entryPrice: number;
}

/** Below this share of its opened quantity a position is closed: what partial closes leave is rounding. */
const DUST = 1e-9;

/**
 * Replays `fills` and `charges` (one asset's, each in time order) onto `times`. A fill or charge belongs
 * to the first time at or after it: a bar's equity includes what filled and what was charged during that bar.
 */
export function assetLedger(symbol: Symbol, fills: readonly Fill[], charges: readonly FinancingCharge[], times: readonly number[], marks: Float64Array): AssetLedger {
  const n = times.length;
  const pnl = new Float64Array(n);
  const open = new Uint8Array(n);
  const notional = new Float64Array(n);
  const held = new Map<string, Held>();
  let realised = 0;
  let fees = 0;
  let financing = 0;
  let traded = 0;
  let marked = 0;
  let nextFill = 0;
  let nextCharge = 0;
  for (let i = 0; i < n; i++) {
    const t = times[i]!;
    for (; nextFill < fills.length && fills[nextFill]!.time <= t; nextFill++) {
      const f = fills[nextFill]!;
      apply(held, f);
      realised += f.realizedPnl;
      fees += f.fee;
      traded += f.quantity * f.price;
    }
    for (; nextCharge < charges.length && charges[nextCharge]!.time <= t; nextCharge++) financing += charges[nextCharge]!.amount;
    marked = 0;
    for (const h of held.values()) {
      marked += h.sign * (marks[i]! - h.entryPrice) * h.quantity;
      notional[i]! += h.quantity * marks[i]!;
    }
    pnl[i] = realised - fees - financing + marked;
    open[i] = held.size > 0 ? 1 : 0;
  }
  return { symbol, pnl, open, notional, fills: fills.length, openAtEnd: held.size, grossPnl: realised + marked, fees, financing, tradedNotional: traded };
}

/** Books one fill on the open positions. */
function apply(held: Map<string, Held>, f: Fill): void {
  const h = held.get(f.positionId);
  if (f.effect === 'open' || (f.effect === 'increase' && !h)) {
    // An increase of a position this run never saw open is, for these books, where it starts.
    held.set(f.positionId, { sign: f.side === 'buy' ? 1 : -1, quantity: f.quantity, opened: f.quantity, entryPrice: f.price });
    return;
  }
  if (!h) return;
  if (f.effect === 'increase') {
    h.entryPrice = (h.entryPrice * h.quantity + f.price * f.quantity) / (h.quantity + f.quantity);
    h.quantity += f.quantity;
    h.opened += f.quantity;
    return;
  }
  h.quantity -= f.quantity;
  // Stops, take-profits and liquidations close the whole position.
  if (f.effect !== 'close' || h.quantity <= DUST * h.opened) held.delete(f.positionId);
}
