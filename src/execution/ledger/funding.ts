import type { FinancingCharge } from '../../domain/financing.js';
import type { FundingRates } from '../../domain/funding.js';
import { positionSign, type Position } from '../../domain/position.js';

/**
 * A perpetual's funding, charged by the venue: at the end of every interval (an hour on Kraken Futures), each
 * open position pays (or, with the sign the other way, receives) rate x its value. Kraken: "funding
 * credits/debits accumulate as unrealised profit/loss settling at the end of each hour or when the net
 * position changes"; "if the premium is above zero, then the long positions payout to short positions"
 * (Linear Multi-Collateral Perpetual Contract Specifications,
 * https://support.kraken.com/hc/en-us/articles/4844359082772). The rate is the exchange's relative rate
 * (ccxt's `fundingRate`, Kraken's `relativeFundingRate`) of the period, stamped with the period's start.
 */
export interface FundingSchedule {
  readonly intervalMs: number;
  readonly rates: FundingRates;
  /** The rate of a period the history does not have (charges made with it are marked `assumed`). */
  readonly fallbackRate: number;
}

/**
 * Funding of `p` for the periods that end in (from, to], at `mark` (the close of the bar they end in: the
 * simulated venue has no mark price). A period the position entered during pays the share it was held;
 * the position's size is the one it has at the period's end. Positive amounts are paid, negative received.
 */
export function fundingDue(p: Position, from: number, to: number, mark: number, schedule: FundingSchedule): FinancingCharge[] {
  const interval = schedule.intervalMs;
  const out: FinancingCharge[] = [];
  const first = Math.floor(Math.max(from, p.entryTime) / interval) * interval + interval;
  for (let end = first; end <= to; end += interval) {
    const start = end - interval;
    const share = (end - Math.max(start, p.entryTime)) / interval;
    const known = schedule.rates.rateAt(p.symbol, start);
    const rate = known ?? schedule.fallbackRate;
    const base = p.quantity * mark * share;
    out.push({
      id: `${p.id}:funding@${end}`,
      positionId: p.id,
      symbol: p.symbol,
      kind: 'funding',
      time: end,
      rate,
      base,
      amount: positionSign(p.side) * rate * base,
      ...(known === undefined && { assumed: true }),
    });
  }
  return out;
}
