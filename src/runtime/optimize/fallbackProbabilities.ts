import type { Bar } from '../../domain/bar.js';
import type { FallbackScorer } from '../../ensemble/fallbackScorer.js';

/**
 * The rule-based scorer's P(up) at each given bar index, from the `window` bars ending there: the same
 * history the daemon gives it. NaN where there is not enough history.
 */
export function fallbackProbabilities(
  scorer: FallbackScorer,
  symbol: string,
  bars: readonly Bar[],
  ends: ArrayLike<number>,
  window: number,
): Float64Array {
  const out = new Float64Array(ends.length);
  for (let i = 0; i < ends.length; i++) {
    const end = ends[i] as number;
    const from = Math.max(0, end - window + 1);
    out[i] = end + 1 - from >= scorer.warmup ? scorer.score(symbol, bars.slice(from, end + 1)).probability : Number.NaN;
  }
  return out;
}
