import type { FinancingCharge } from '../../domain/financing.js';
import type { MarketInfo } from '../../domain/market.js';
import type { Position } from '../../domain/position.js';

/**
 * Kraken spot margin's financing: an opening fee when a margin position opens or grows, and a rollover fee
 * every `intervalHours` it stays open, each a rate per borrowed currency. Source: Kraken Support, "What are
 * the fees (opening and rollover) for trading using margin?", https://support.kraken.com/articles/206161568
 * (0.025% for USD, 0.01% for BTC, 0.02% for ETH and SOL, per opening and per 4-hour rollover at the time of
 * writing). Kraken changes the rates, so they come from the config.
 */
export interface FinancingSchedule {
  readonly intervalHours: number;
  /** Rate per currency as a fraction (0.00025 = 0.025%); `default` for a currency not listed. */
  readonly rates: Readonly<Record<string, number>>;
}

const HOUR = 3_600_000;

/** A leverage-1 long is a plain spot purchase; everything else borrows (a short always borrows the coin). */
export function isOnMargin(p: Pick<Position, 'side' | 'leverage'>): boolean {
  return p.side === 'short' || p.leverage > 1;
}

/** What Kraken lends: quote currency to a long (X/USD borrows USD), the base coin to a short. */
export function borrowedCurrency(side: Position['side'], market: Pick<MarketInfo, 'base' | 'quote'>): string {
  return side === 'long' ? market.quote : market.base;
}

export function financingRate(schedule: FinancingSchedule, currency: string): number {
  return schedule.rates[currency] ?? schedule.rates['default'] ?? 0;
}

/**
 * The opening fee of a fill that opened or grew `p` (as it is after the fill), on the value the fill
 * added: quantity x fill price, the borrowed coin of a short valued in quote currency. Undefined when
 * `p` is not on margin. One order may fill several times at one time (live), so the id is the fill's.
 */
export function openingCharge(
  p: Position,
  fill: { readonly id: string; readonly quantity: number; readonly price: number; readonly time: number },
  schedule: FinancingSchedule,
  market: MarketInfo,
): FinancingCharge | undefined {
  if (!isOnMargin(p)) return undefined;
  const rate = financingRate(schedule, borrowedCurrency(p.side, market));
  const base = fill.quantity * fill.price;
  return { id: `${fill.id}:margin_open`, positionId: p.id, symbol: p.symbol, kind: 'margin_open', time: fill.time, rate, base, amount: base * rate };
}

/**
 * Rollovers of `p` due in (from, to]: one at every full interval since its entry (entryTime + 4h, + 8h,
 * ...). The base is the entry cost for a long (the quote Kraken lent) and the coin lent to a short valued
 * at `close`, the close of the bar the charge falls in.
 */
export function rolloversDue(p: Position, from: number, to: number, close: number, schedule: FinancingSchedule, market: MarketInfo): FinancingCharge[] {
  if (!isOnMargin(p)) return [];
  const interval = schedule.intervalHours * HOUR;
  const rate = financingRate(schedule, borrowedCurrency(p.side, market));
  const base = p.side === 'long' ? p.quantity * p.entryPrice : p.quantity * close;
  const out: FinancingCharge[] = [];
  const first = Math.max(1, Math.floor((Math.max(from, p.entryTime) - p.entryTime) / interval) + 1);
  for (let k = first; p.entryTime + k * interval <= to; k++) {
    const due = p.entryTime + k * interval;
    out.push({ id: `${p.id}:rollover@${due}`, positionId: p.id, symbol: p.symbol, kind: 'rollover', time: due, rate, base, amount: base * rate });
  }
  return out;
}
