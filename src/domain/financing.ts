import type { Symbol } from './bar.js';

/**
 * What holding a position costs besides trading fees: Kraken spot margin's opening fee (on open and on every
 * increase) and its rollover fee (every 4 hours a margin position stays open), or a futures funding payment.
 */
export type FinancingKind = 'margin_open' | 'rollover' | 'funding';

/**
 * One financing entry. `amount` is what the account paid, in quote currency (negative when it received, as a
 * futures funding payment can be); cash moves by exactly -amount.
 */
export interface FinancingCharge {
  /** Unique per charge and derived from the position and the time, so a replay cannot double it. */
  readonly id: string;
  readonly positionId: string;
  readonly symbol: Symbol;
  readonly kind: FinancingKind;
  /** When the charge was due (ms). */
  readonly time: number;
  /** Rate applied, a fraction (0.0002 = 0.02%). */
  readonly rate: number;
  /** Value the rate applied to, in quote currency. */
  readonly base: number;
  readonly amount: number;
  /**
   * Computed from the published schedule rather than read from the account (the live venue, until it
   * reconciles with the exchange's ledger): recorded, but it has not moved cash.
   */
  readonly estimated?: boolean;
  /** Funding at the configured rate because the exchange's history did not have the period's (not persisted). */
  readonly assumed?: boolean;
}

/** A perpetual's funding over some charges: what was paid, what was received, how many periods had no history. */
export interface FundingTotals {
  /** Funding paid, a positive sum. */
  readonly paid: number;
  /** Funding received, a positive sum. */
  readonly received: number;
  readonly charges: number;
  /** Charges at the configured rate because no stored rate covered their period. */
  readonly assumed: number;
}

export function fundingTotals(charges: readonly FinancingCharge[] = []): FundingTotals {
  let paid = 0;
  let received = 0;
  let count = 0;
  let assumed = 0;
  for (const c of charges) {
    if (c.kind !== 'funding') continue;
    count++;
    if (c.assumed) assumed++;
    if (c.amount >= 0) paid += c.amount;
    else received -= c.amount;
  }
  return { paid, received, charges: count, assumed };
}
