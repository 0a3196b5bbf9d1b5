import type { Symbol } from '../domain/bar.js';
import type { PositionSide } from '../domain/order.js';
import type { Position } from '../domain/position.js';
import type { Signal } from '../domain/signal.js';
import { edgeAfterCosts, roundTripCost, type TradingCosts } from '../risk/expectedEdge.js';
import type { PortfolioSettings } from './types.js';

/**
 * What one symbol would like before the portfolio-wide limits: a side, a score to rank by, and either a
 * relative size (`raw`, for what a signal of this step supports) or nothing (keep the position as it is).
 */
export interface Intent {
  readonly symbol: Symbol;
  readonly side: PositionSide | 'flat';
  readonly kind: 'open' | 'keep' | 'flip' | 'none';
  /** Probability the signal gives the intended side; ranks intents against maxPositions. */
  readonly score: number;
  /** Inverse volatility tilted by score; absent for a position kept without a supporting signal. */
  readonly raw?: number;
  /** The open position's margin / equity; 0 without one. */
  readonly current: number;
  readonly reason: string;
}

export interface IntentContext {
  readonly equity: number;
  readonly volatility: number | undefined;
  readonly costs: TradingCosts;
  readonly settings: Pick<PortfolioSettings, 'flipConfidence' | 'minConfidence'>;
}

/**
 * Score tilt: 0 at a coin flip, 1 at certainty, linear between: (confidence - 0.5) x 2. At the default
 * tiers it makes a 0.90 signal 2.7 times the weight of a 0.65 one at equal volatility.
 */
export function scoreTilt(score: number): number {
  return Math.max(0, (score - 0.5) * 2);
}

const pct = (x: number) => `${(x * 100).toFixed(3)}%`;

/** The signal's relative size if it can open a position, else why not. */
function entryCheck(signal: Signal, ctx: IntentContext): { raw: number } | { obstacle: string } {
  const { minConfidence } = ctx.settings;
  if (signal.direction === 'flat') return { obstacle: 'signal has no direction' };
  if (signal.confidence < minConfidence) return { obstacle: `confidence ${signal.confidence.toFixed(3)} below ${minConfidence}` };
  if (!(edgeAfterCosts(signal, ctx.costs) > 0)) {
    return { obstacle: `expected return ${pct(signal.expectedReturn)} does not beat round-trip costs ${pct(roundTripCost(ctx.costs))}` };
  }
  const vol = ctx.volatility;
  if (vol === undefined || !(vol > 0) || !Number.isFinite(vol)) return { obstacle: 'no volatility estimate to size it' };
  return { raw: scoreTilt(signal.confidence) / vol };
}

/** Hysteresis lives here: a position keeps its side unless a confident opposite signal flips it. */
export function intentFor(symbol: Symbol, signal: Signal | undefined, position: Position | undefined, ctx: IntentContext): Intent {
  const current = position && ctx.equity > 0 ? position.margin / ctx.equity : 0;
  const at = (x: number) => x.toFixed(3);

  if (!position) {
    if (!signal) return { symbol, side: 'flat', kind: 'none', score: 0, current, reason: 'no signal' };
    const check = entryCheck(signal, ctx);
    if ('obstacle' in check) return { symbol, side: 'flat', kind: 'none', score: 0, current, reason: check.obstacle };
    const side = signal.direction as PositionSide;
    return { symbol, side, kind: 'open', score: signal.confidence, raw: check.raw, current, reason: `${side} at ${at(signal.confidence)}` };
  }

  const held = position.side;
  if (!signal) return { symbol, side: held, kind: 'keep', score: 0.5, current, reason: 'no signal at this step: keep the position' };
  const heldScore = held === 'long' ? signal.probability : 1 - signal.probability;
  const check = entryCheck(signal, ctx);

  if (signal.direction === held) {
    if ('obstacle' in check) return { symbol, side: held, kind: 'keep', score: heldScore, current, reason: `signal agrees but cannot size it (${check.obstacle}): keep as is` };
    return { symbol, side: held, kind: 'keep', score: signal.confidence, raw: check.raw, current, reason: `signal agrees at ${at(signal.confidence)}` };
  }
  const { flipConfidence } = ctx.settings;
  if ('raw' in check && signal.confidence >= flipConfidence) {
    const side = signal.direction as PositionSide;
    return { symbol, side, kind: 'flip', score: signal.confidence, raw: check.raw, current, reason: `flip ${held} -> ${side} at ${at(signal.confidence)}` };
  }
  const why =
    'obstacle' in check ? check.obstacle : `${signal.direction} at ${at(signal.confidence)} is below the flip confidence ${flipConfidence}`;
  return { symbol, side: held, kind: 'keep', score: heldScore, current, reason: `hysteresis: keep the ${held} (${why})` };
}
