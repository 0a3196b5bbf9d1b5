import type { Symbol } from '../../domain/bar.js';
import type { Fill } from '../../domain/fill.js';

/** One asset's books replayed from its fills onto the equity curve's times. */
export interface AssetLedger {
  readonly symbol: Symbol;
  /** P&L after fees up to each time: realised P&L minus fees of fills at or before it, plus open positions marked. */
  readonly pnl: Float64Array;
  /** 1 where a position in this asset is open at the mark. */
  readonly open: Uint8Array;
  readonly fills: number;
  /** Positions still open at the last time. */
  readonly openAtEnd: number;
}

interface Held {
  sign: 1 | -1;
  quantity: number;
  readonly openedQuantity: number;
  readonly entryPrice: number;
}

/** Below this share of its opened quantity a position is closed: what partial closes leave is rounding. */
const DUST = 1e-9;

/**
 * Replays `fills` (one asset's, in venue order) onto `times`. A fill belongs to the first time at or
 * after it: a bar's equity includes what filled during that bar.
 */
export function assetLedger(symbol: Symbol, fills: readonly Fill[], times: readonly number[], marks: Float64Array): AssetLedger {
  const pnl = new Float64Array(times.length);
  const open = new Uint8Array(times.length);
  const held = new Map<string, Held>();
  let realised = 0;
  let next = 0;
  for (let i = 0; i < times.length; i++) {
    const t = times[i]!;
    for (; next < fills.length && fills[next]!.time <= t; next++) realised += apply(held, fills[next]!);
    let marked = 0;
    for (const h of held.values()) marked += h.sign * (marks[i]! - h.entryPrice) * h.quantity;
    pnl[i] = realised + marked;
    open[i] = held.size > 0 ? 1 : 0;
  }
  return { symbol, pnl, open, fills: fills.length, openAtEnd: held.size };
}

/** Books one fill; returns its realised P&L net of its fee. */
function apply(held: Map<string, Held>, f: Fill): number {
  if (f.effect === 'open') {
    held.set(f.positionId, { sign: f.side === 'buy' ? 1 : -1, quantity: f.quantity, openedQuantity: f.quantity, entryPrice: f.price });
    return -f.fee;
  }
  const h = held.get(f.positionId);
  if (h) {
    h.quantity -= f.quantity;
    // Stops, take-profits and liquidations close the whole position.
    if (f.effect !== 'close' || h.quantity <= DUST * h.openedQuantity) held.delete(f.positionId);
  }
  return f.realizedPnl - f.fee;
}
