import { UserError } from '../internal/errors.js';
import type { ExchangeEnvironment } from '../store/epochModes.js';
import type { Store } from '../store/store.js';
import type { Epoch } from '../store/tradingRepository.js';

/** What a live start does with the portfolio: continue the live epoch, or open one on the account's balance. */
export type LiveEpochPlan =
  | { readonly kind: 'continue'; readonly epoch: Epoch; readonly capitalAtRisk: number }
  | {
      readonly kind: 'new';
      readonly capital: number;
      readonly heldApart: number;
      readonly balance: number;
      readonly venue: string;
      readonly environment: ExchangeEnvironment;
    };

export interface LiveEpochInput {
  /** Start a new live epoch even if one exists (--reset). */
  readonly reset: boolean;
  /** The account's total quote balance now. */
  readonly balance: number;
  /** Part of the balance to trade (--capital); default all of it. */
  readonly capital?: number;
  readonly quote: string;
  /** The venue traded (kraken-spot, kraken-futures) and its environment: an epoch continues only on both. */
  readonly venue: string;
  readonly environment: ExchangeEnvironment;
}

/**
 * Decided once, before the confirmation: the user confirms exactly what will be traded. A new epoch's
 * capital is the quote balance, or the part of it --capital names; the rest is held apart and
 * reconciliation counts it as not the bot's.
 */
export function planLiveEpoch(store: Store, o: LiveEpochInput): LiveEpochPlan {
  const existing = o.reset ? undefined : store.latestEpoch('live', o.venue, o.environment);
  if (existing) {
    const cash = store.trading.cash(existing.id);
    const margin = store.trading.openPositions(existing.id).reduce((a, p) => a + p.margin, 0);
    return { kind: 'continue', epoch: existing, capitalAtRisk: cash + margin };
  }
  if (!(o.balance > 0)) {
    throw new UserError(`the account holds no ${o.quote} to trade (balance ${o.balance})`, { hint: `deposit ${o.quote} on the exchange first` });
  }
  const capital = o.capital ?? o.balance;
  if (!(capital > 0)) throw new UserError(`--capital ${capital} is not allowed: expected a positive amount of ${o.quote}`);
  if (capital > o.balance) {
    throw new UserError(`--capital ${capital} is more than the account's ${o.quote} balance ${o.balance}`, {
      hint: `use at most ${o.balance}, or leave --capital out to trade the whole balance`,
    });
  }
  return { kind: 'new', capital, heldApart: o.balance - capital, balance: o.balance, venue: o.venue, environment: o.environment };
}

/** The epoch the plan names: the continued one, or a new live epoch written now. */
export function epochOfPlan(store: Store, plan: LiveEpochPlan, quote: string, time: number): Epoch {
  if (plan.kind === 'continue') return plan.epoch;
  const where = plan.environment === 'demo' ? 'live on the demo exchange' : 'live';
  const note = plan.heldApart > 0 ? `${where}: ${plan.capital} of ${plan.balance} ${quote}` : `${where}: the whole ${quote} balance`;
  return store.createLiveEpoch({ capital: plan.capital, heldApart: plan.heldApart, quote, time, note, venue: plan.venue, environment: plan.environment });
}
