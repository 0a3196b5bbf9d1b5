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
 * The index of the first of `times` at or after `t`, or times.length: where an event at `t` is booked.
 */
function firstAtOrAfter(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Where a charge is booked. `times` are bar open times. An opening fee is stamped with its fill's time,
 * the open of the bar it filled in, and belongs to that bar as the fill does. A rollover (or funding) is
 * stamped with when it fell due, and the venue charges it in the bar that closes at or after that: the
 * bar that opens at or after `time - barMs`.
 */
function chargeIndex(c: FinancingCharge, times: readonly number[], barMs: number): number {
  return firstAtOrAfter(times, c.kind === 'margin_open' ? c.time : c.time - barMs);
}

/**
 * Replays `fills` (one asset's, in venue order) and `charges` (one asset's) onto `times`, the open times
 * of the bars, each marked at its bar's close. A fill belongs to the first time at or after it: a bar's
 * point includes what filled during that bar. Charges are placed as chargeIndex says.
 */
export function assetLedger(
  symbol: Symbol,
  fills: readonly Fill[],
  charges: readonly FinancingCharge[],
  times: readonly number[],
  marks: Float64Array,
  barMs: number,
): AssetLedger {
  const n = times.length;
  const pnl = new Float64Array(n);
  const open = new Uint8Array(n);
  const notional = new Float64Array(n);
  const charged = new Float64Array(n);
  for (const c of charges) {
    const i = chargeIndex(c, times, barMs);
    if (i < n) charged[i]! += c.amount;
  }
  const held = new Map<string, Held>();
  let realised = 0;
  let fees = 0;
  let financing = 0;
  let traded = 0;
  let marked = 0;
  let next = 0;
  for (let i = 0; i < n; i++) {
    const t = times[i]!;
    for (; next < fills.length && fills[next]!.time <= t; next++) {
      const f = fills[next]!;
      apply(held, f);
      realised += f.realizedPnl;
      fees += f.fee;
      traded += f.quantity * f.price;
    }
    financing += charged[i]!;
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
