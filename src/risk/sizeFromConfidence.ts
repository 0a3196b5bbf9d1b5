import type { PositionSide } from '../domain/order.js';
import { tierFor } from './confidenceTier.js';
import { cappedLeverage, leverageForConfidence } from './leverageForConfidence.js';
import type { Proposal, RiskContext } from './types.js';

type Tier = RiskContext['settings']['tiers'][number];

/** The signal's confidence tier, or why it cannot be sized. */
export function tierOrRefusal(ctx: RiskContext): Tier | { refused: string } {
  const { signal, settings } = ctx;
  if (signal.direction === 'flat') return { refused: 'no direction' };
  const tier = tierFor(signal.confidence, settings.tiers);
  const lowest = settings.tiers[settings.tiers.length - 1]?.minConfidence ?? 1;
  if (!tier) return { refused: `confidence ${signal.confidence.toFixed(3)} below the lowest tier ${lowest}` };
  if (!(signal.atr > 0) || !(ctx.price > 0)) return { refused: 'no ATR or price to size a stop' };
  return tier;
}

/**
 * An entry committing `margin` in the signal's direction: leverage scaled by confidence and capped, stop at
 * stopAtr x ATR. The sizing functions differ only in the margin.
 */
export function proposalWithMargin(ctx: RiskContext, side: PositionSide, margin: number, notes: readonly string[]): Proposal {
  const { signal, settings, market } = ctx;
  const wanted = leverageForConfidence(signal.confidence, ctx.leverageRange, settings.tiers);
  const leverage = cappedLeverage(wanted, market.maxLeverage, settings.maxLeverage);
  return {
    symbol: signal.symbol,
    side,
    quantity: (margin * leverage) / ctx.price,
    leverage,
    stopDistance: settings.stopAtr * signal.atr,
    notes: [...notes, `leverage ${wanted.toFixed(1)}x wanted, ${leverage}x allowed`],
  };
}

/**
 * The first cut of an entry from a signal: margin = equity x positionFraction x tier size, leverage
 * scaled by confidence and capped, stop at stopAtr x ATR. The rules that follow may only shrink it.
 */
export function sizeFromConfidence(ctx: RiskContext): Proposal | { refused: string } {
  const tier = tierOrRefusal(ctx);
  if ('refused' in tier) return tier;
  const side: PositionSide = ctx.signal.direction === 'short' ? 'short' : 'long';
  const margin = ctx.equity * ctx.settings.positionFraction * tier.size;
  return proposalWithMargin(ctx, side, margin, [`tier ${tier.minConfidence} size ${tier.size}`]);
}
