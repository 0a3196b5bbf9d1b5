import type { DrawdownSettings } from './types.js';
import { pass, type RiskRule } from './types.js';

/** Drawdown of equity from its peak, as a fraction (0 at or above the peak). */
export function drawdownFrom(peak: number, equity: number): number {
  return peak > 0 ? Math.max(0, (peak - equity) / peak) : 0;
}

/** Slack for a drawdown that sits on a threshold but lands a rounding error below it. */
const ON_THRESHOLD = 1e-12;

/** 1 above the soft threshold, softExposure from it, hardExposure from the hard one. */
export function exposureMultiplier(drawdown: number, s: DrawdownSettings): number {
  if (drawdown >= s.hard - ON_THRESHOLD) return s.hardExposure;
  if (drawdown >= s.soft - ON_THRESHOLD) return s.softExposure;
  return 1;
}

/**
 * In a drawdown, new entries are scaled down (5% -> half size, 10% -> a fifth by default): a losing
 * streak should not be fought at full size. It scales the wanted size, before the loss caps, so the caps
 * stay hard limits on the result. Needs ctx.equityPeak (the engine tracks it); without it, no scaling.
 */
export const drawdownScaling: RiskRule = (p, ctx) => {
  const s = ctx.settings.drawdown;
  if (s === undefined || ctx.equityPeak === undefined) return pass(p);
  const drawdown = drawdownFrom(ctx.equityPeak, ctx.equity);
  const multiplier = exposureMultiplier(drawdown, s);
  if (multiplier >= 1) return pass(p);
  return pass({ ...p, quantity: p.quantity * multiplier }, `drawdown ${(drawdown * 100).toFixed(2)}% from the peak: exposure x${multiplier}`);
};
