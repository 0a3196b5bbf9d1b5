import type { RiskSettings } from './types.js';

/** The highest tier whose threshold the confidence reaches, or undefined: below the lowest, no trade. */
export function tierFor(confidence: number, tiers: RiskSettings['tiers']): { minConfidence: number; size: number } | undefined {
  return tiers.find((t) => confidence >= t.minConfidence);
}
