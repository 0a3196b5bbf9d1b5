import type { Symbol } from '../domain/bar.js';
import type { MarketInfo } from '../domain/market.js';
import type { PositionSide } from '../domain/order.js';
import type { Signal } from '../domain/signal.js';

/**
 * How leverage is chosen for a position whose notional the portfolio already set. 'minimum': the least that
 * funds it from free cash (1 on a cash account: on Kraken spot every borrowed dollar pays the margin opening and
 * rollover fees). 'confidence': the reference design's range per asset, scaled by the model's confidence.
 */
export type LeverageMode = 'minimum' | 'confidence';

export interface RiskSettings {
  readonly leverageMode: LeverageMode;
  readonly maxLossPerPosition: number;
  readonly stopAtr: number;
  /** Trailing starts once price moved this many ATR in favour. Absent: no trailing stop. */
  readonly trailActivationAtr?: number;
  readonly trailDistanceAtr: number;
  readonly maxLeverage: number;
  readonly maintenanceMarginRate: number;
  readonly tiers: readonly { readonly minConfidence: number; readonly size: number }[];
  /** Loss at the stop of one new trade, as a fraction of equity. Absent: the rule passes. */
  readonly riskPerTrade?: number;
  /** Loss if every open position and this entry hit their stops, as a fraction of equity. Absent: the rule passes. */
  readonly maxPortfolioRisk?: number;
  /** Exposure cut while equity is below its peak. Absent: no scaling. */
  readonly drawdown?: DrawdownSettings;
  /** Take-profit at entry +/- takeProfitAtr x ATR. Absent: no take-profit. */
  readonly takeProfitAtr?: number;
  /** Cap on the loss at the stop from the Kelly criterion; off unless enabled. */
  readonly kelly?: KellySettings;
}

export interface DrawdownSettings {
  /** Drawdown from the equity peak (a fraction) at which exposure is cut to softExposure. */
  readonly soft: number;
  readonly softExposure: number;
  /** Drawdown at which exposure is cut to hardExposure. */
  readonly hard: number;
  readonly hardExposure: number;
}

export interface KellySettings {
  readonly enabled: boolean;
  /** Fraction of the full Kelly bet: full Kelly is too aggressive when p is an estimate. */
  readonly fraction: number;
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
  /** Quantity already held on the entry's side: the entry adds to it (loss caps judge the whole position). */
  readonly held?: number;
  /** Price the order is expected to fill near (the signal bar's close). */
  readonly price: number;
  /** Taker fee rate, to keep room for the fee in the margin check. */
  readonly takerFee: number;
  // The optional fields below feed the rules added with the portfolio. A rule whose input is absent
  // passes the proposal unchanged, so a caller that does not know them keeps its old behaviour.
  /** Highest equity seen in this epoch (drawdown scaling). */
  readonly equityPeak?: number;
  /** What open positions lose if all their stops are hit now, in quote currency (see openRisk). */
  readonly openRisk?: number;
  /** Slippage of a market or stop fill, in basis points (expected edge after costs). */
  readonly slippageBps?: number;
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
