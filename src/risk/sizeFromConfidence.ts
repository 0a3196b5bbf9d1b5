import type { PositionSide } from '../domain/order.js';
import { tierFor } from './confidenceTier.js';
import { cappedLeverage, leverageForConfidence } from './leverageForConfidence.js';
import type { Proposal, RiskContext } from './types.js';

/**
 * The first cut of an entry from a signal: margin = equity x positionFraction x tier size, leverage
 * scaled by confidence and capped, stop at stopAtr x ATR. The rules that follow may only shrink it.
 */
export function sizeFromConfidence(ctx: RiskContext): Proposal | { refused: string } {
  const { signal, settings, market } = ctx;
  if (signal.direction === 'flat') return { refused: 'no direction' };
  const tier = tierFor(signal.confidence, settings.tiers);
  const lowest = settings.tiers[settings.tiers.length - 1]?.minConfidence ?? 1;
  if (!tier) return { refused: `confidence ${signal.confidence.toFixed(3)} below the lowest tier ${lowest}` };
  if (!(signal.atr > 0) || !(ctx.price > 0)) return { refused: 'no ATR or price to size a stop' };
  const wanted = leverageForConfidence(signal.confidence, ctx.leverageRange, settings.tiers);
  const leverage = cappedLeverage(wanted, market.maxLeverage, settings.maxLeverage);
  const margin = ctx.equity * settings.positionFraction * tier.size;
  const side: PositionSide = signal.direction;
  const notes = [`tier ${tier.minConfidence} size ${tier.size}`, `leverage ${wanted.toFixed(1)}x wanted, ${leverage}x allowed`];
  return {
    symbol: signal.symbol,
    side,
    quantity: (margin * leverage) / ctx.price,
    leverage,
    stopDistance: settings.stopAtr * signal.atr,
    notes,
  };
}
