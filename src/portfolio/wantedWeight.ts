import type { Symbol } from '../domain/bar.js';
import type { PositionSide } from '../domain/order.js';
import type { Position } from '../domain/position.js';
import type { Signal } from '../domain/signal.js';
import { edgeAfterCosts, roundTripCost, type TradingCosts } from '../risk/expectedEdge.js';
import type { PortfolioSettings, SizeTier } from './types.js';

/** What one symbol asks for before the portfolio-wide limits. */
export interface Want {
  readonly symbol: Symbol;
  /** The side wanted; 'flat' to hold nothing. */
  readonly side: PositionSide | 'flat';
  /** Notional wanted, as a fraction of equity (before caps and budget). */
  readonly weight: number;
  /** 'decide': a decision of this step; 'keep': no decision now, the position stays as it is. */
  readonly kind: 'decide' | 'keep';
  /** The open position's side and notional / equity at the marks. */
  readonly held?: PositionSide;
  readonly current: number;
  readonly reason: string;
}

export interface WantContext {
  readonly equity: number;
  readonly mark: number | undefined;
  /** The symbol's share of equity: the unit of the signal's exposure. */
  readonly sleeve: number;
  readonly costs: TradingCosts;
  readonly settings: Pick<PortfolioSettings, 'flipConfidence' | 'sizeTiers'>;
}

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

/** The tier a confidence falls in, or undefined below the lowest. */
export function sizeTierFor(confidence: number, tiers: readonly SizeTier[]): SizeTier | undefined {
  return tiers.find((t) => confidence >= t.minConfidence);
}

/** The open position's notional at the mark, as a fraction of equity. */
export function notionalWeight(p: Position, mark: number | undefined, equity: number): number {
  return equity > 0 ? (p.quantity * (mark ?? p.entryPrice)) / equity : 0;
}

/**
 * The weight a signal asks for: the strategy's exposure of the sleeve, times the risk tier of a model's
 * confidence where there is one. Hysteresis lives here too: between decisions a position is kept as it is,
 * and an opposite call with a confidence below flipConfidence keeps the side held.
 */
export function wantedWeight(symbol: Symbol, signal: Signal | undefined, position: Position | undefined, ctx: WantContext): Want {
  const current = position ? notionalWeight(position, ctx.mark, ctx.equity) : 0;
  const held = position?.side;
  // Called for every asset on every bar: plain object literals, no closures or spreads on the way to a keep.
  const want = (side: Want['side'], weight: number, kind: Want['kind'], reason: string): Want =>
    held ? { symbol, current, held, side, weight, kind, reason } : { symbol, current, side, weight, kind, reason };
  const keep = (reason: string): Want => want(held ?? 'flat', current, 'keep', reason);
  // A decision to stay at (at most) what is held: still a decision, so the limits apply to it.
  const stay = (weight: number, reason: string): Want => want(held ?? 'flat', weight, 'decide', reason);
  const flat = (reason: string): Want => want('flat', 0, 'decide', reason);

  if (!signal) return keep('no signal at this step');
  if (!signal.rebalance) return keep('between decisions: the position stays until the next one');
  if (signal.direction === 'flat' || !(signal.exposure > 0)) return flat(`the ${signal.source === 'rule' ? 'strategy' : 'ensemble'} is flat`);
  const side: PositionSide = signal.direction;

  let size = 1;
  let why = `${side} exposure ${signal.exposure.toFixed(3)} of the sleeve`;
  if (signal.confidence !== undefined) {
    const tier = sizeTierFor(signal.confidence, ctx.settings.sizeTiers);
    const lowest = ctx.settings.sizeTiers.at(-1)?.minConfidence ?? 1;
    if (!tier) return flat(`confidence ${signal.confidence.toFixed(3)} below the lowest tier ${lowest}`);
    if (held && held !== side && signal.confidence < ctx.settings.flipConfidence) {
      return stay(
        current,
        `hysteresis: keep the ${held} (${side} at ${signal.confidence.toFixed(3)} is below the flip confidence ${ctx.settings.flipConfidence})`,
      );
    }
    size = tier.size;
    why += `, confidence ${signal.confidence.toFixed(3)}: tier ${tier.minConfidence} size ${tier.size}`;
  }
  const weight = ctx.sleeve * signal.exposure * size;
  const adds = held !== side || weight > current;
  if (adds && signal.expectedReturn !== undefined && !(edgeAfterCosts({ direction: side, expectedReturn: signal.expectedReturn }, ctx.costs) > 0)) {
    const obstacle = `expected return ${pct(signal.expectedReturn)} does not beat round-trip costs ${pct(roundTripCost(ctx.costs))}`;
    return held === side ? stay(Math.min(current, weight), `${obstacle}: nothing added`) : flat(obstacle);
  }
  return want(side, weight, 'decide', why);
}
