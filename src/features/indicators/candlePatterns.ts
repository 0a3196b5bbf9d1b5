/**
 * Single- and two-bar candle shapes. Shape only: whether a hammer follows a decline is left to the
 * return features beside it. Thresholds are fractions of the bar's range (high - low).
 */
export interface CandleShape {
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
}

export interface PatternThresholds {
  /** Doji: body at most this fraction of the range. */
  readonly dojiBody: number;
  /** Hammer / shooting star: long shadow at least this many bodies and at least 60% of the range. */
  readonly shadowToBody: number;
  /** Hammer / shooting star: the opposite shadow at most this fraction of the range. */
  readonly oppositeShadow: number;
}

export const DEFAULT_PATTERN_THRESHOLDS: PatternThresholds = { dojiBody: 0.1, shadowToBody: 2, oppositeShadow: 0.15 };

export function isDoji(b: CandleShape, t: PatternThresholds): boolean {
  const range = b.high - b.low;
  return range > 0 && Math.abs(b.close - b.open) <= t.dojiBody * range;
}

/** Long lower shadow, small body near the top. */
export function isHammer(b: CandleShape, t: PatternThresholds): boolean {
  const range = b.high - b.low;
  if (!(range > 0)) return false;
  const body = Math.abs(b.close - b.open);
  const lowerShadow = Math.min(b.open, b.close) - b.low;
  const upperShadow = b.high - Math.max(b.open, b.close);
  return lowerShadow >= t.shadowToBody * body && lowerShadow >= 0.6 * range && upperShadow <= t.oppositeShadow * range;
}

/** Long upper shadow, small body near the bottom. */
export function isShootingStar(b: CandleShape, t: PatternThresholds): boolean {
  const range = b.high - b.low;
  if (!(range > 0)) return false;
  const body = Math.abs(b.close - b.open);
  const lowerShadow = Math.min(b.open, b.close) - b.low;
  const upperShadow = b.high - Math.max(b.open, b.close);
  return upperShadow >= t.shadowToBody * body && upperShadow >= 0.6 * range && lowerShadow <= t.oppositeShadow * range;
}

/**
 * +1 bullish engulfing (a down bar, then an up bar whose body covers it), -1 bearish engulfing, else 0.
 * Bodies are compared open-to-close; equal edges count as covering.
 */
export function engulfing(prev: CandleShape, cur: CandleShape): number {
  const prevUp = prev.close > prev.open;
  const prevDown = prev.close < prev.open;
  const curUp = cur.close > cur.open;
  const curDown = cur.close < cur.open;
  if (prevDown && curUp && cur.open <= prev.close && cur.close >= prev.open) return 1;
  if (prevUp && curDown && cur.open >= prev.close && cur.close <= prev.open) return -1;
  return 0;
}
