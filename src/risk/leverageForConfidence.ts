import type { LeverageRangeSetting, RiskSettings } from './types.js';

/**
 * Leverage scaled by confidence inside the asset's range: the minimum up to the second-lowest tier
 * (0.70 by default: the lowest tier trades at minimum leverage), the default halfway to the top tier,
 * the maximum from the top tier (0.90) up. Linear in between.
 */
export function leverageForConfidence(confidence: number, range: LeverageRangeSetting, tiers: RiskSettings['tiers']): number {
  const top = tiers[0]?.minConfidence ?? 0.9;
  const low = (tiers.length >= 2 ? tiers[tiers.length - 2]?.minConfidence : tiers[0]?.minConfidence) ?? top;
  if (confidence >= top) return range.max;
  if (confidence <= low || top <= low) return range.min;
  const mid = (low + top) / 2;
  if (confidence <= mid) return range.min + ((confidence - low) / (mid - low)) * (range.default - range.min);
  return range.default + ((confidence - mid) / (top - mid)) * (range.max - range.default);
}

/** Effective leverage: the confidence-scaled value capped by the venue's maximum and the global cap. */
export function cappedLeverage(wanted: number, venueMax: number, globalMax: number): number {
  return Math.max(1, Math.min(wanted, venueMax, globalMax));
}
