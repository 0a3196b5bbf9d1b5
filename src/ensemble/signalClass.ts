import type { Direction, SignalClass } from '../domain/signal.js';

/** Confidence at which a directional signal is called STRONG; below `actionable` it is a HOLD. */
export interface ClassThresholds {
  readonly actionable: number;
  readonly strong: number;
}

export const DEFAULT_CLASS_THRESHOLDS: ClassThresholds = { actionable: 0.65, strong: 0.8 };

/** Direction and confidence from P(up): confidence is the probability of the predicted direction. */
export function directionOf(probability: number): { direction: Direction; confidence: number } {
  if (probability > 0.5) return { direction: 'long', confidence: probability };
  if (probability < 0.5) return { direction: 'short', confidence: 1 - probability };
  return { direction: 'flat', confidence: 0.5 };
}

export function classify(direction: Direction, confidence: number, t: ClassThresholds = DEFAULT_CLASS_THRESHOLDS): SignalClass {
  if (direction === 'flat' || confidence < t.actionable) return 'HOLD';
  if (direction === 'long') return confidence >= t.strong ? 'STRONG_BUY' : 'BUY';
  return confidence >= t.strong ? 'STRONG_SELL' : 'SELL';
}
