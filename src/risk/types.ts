import type { Symbol } from '../domain/bar.js';
import type { MarketInfo } from '../domain/market.js';
import type { PositionSide } from '../domain/order.js';
import type { Signal } from '../domain/signal.js';

export interface RiskSettings {
  readonly positionFraction: number;
  readonly maxLossPerPosition: number;
  readonly stopAtr: number;
  readonly trailActivationAtr: number;
  readonly trailDistanceAtr: number;
  readonly maxLeverage: number;
  readonly maintenanceMarginRate: number;
  readonly tiers: readonly { readonly minConfidence: number; readonly size: number }[];
}

export interface LeverageRangeSetting {
  readonly min: number;
  readonly max: number;
  readonly default: number;
}

/** What risk knows when it judges one proposed entry. */
export interface RiskContext {
  readonly signal: Signal;
  readonly market: MarketInfo;
  readonly settings: RiskSettings;
  readonly leverageRange: LeverageRangeSetting;
  /** Account equity, marked at the latest closes. */
  readonly equity: number;
  /** Cash not locked as margin. */
  readonly cash: number;
  /** Price the order is expected to fill near (the signal bar's close). */
  readonly price: number;
  /** Taker fee rate, to keep room for the fee in the margin check. */
  readonly takerFee: number;
}

/** An entry as it moves through the rules: each rule may shrink it, or refuse it with a reason. */
export interface Proposal {
  readonly symbol: Symbol;
  readonly side: PositionSide;
  readonly quantity: number;
  readonly leverage: number;
  readonly stopDistance: number;
  readonly takeProfitDistance?: number;
  /** Why the proposal has the size it has: one note per rule that changed it. */
  readonly notes: readonly string[];
}

export type RuleOutcome = { readonly ok: true; readonly proposal: Proposal } | { readonly ok: false; readonly reason: string };

/** One risk rule: a pure function of the proposal and the context. */
export type RiskRule = (proposal: Proposal, ctx: RiskContext) => RuleOutcome;

export const pass = (proposal: Proposal, note?: string): RuleOutcome => ({
  ok: true,
  proposal: note ? { ...proposal, notes: [...proposal.notes, note] } : proposal,
});
export const refuse = (reason: string): RuleOutcome => ({ ok: false, reason });
