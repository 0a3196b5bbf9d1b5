import type { Bar } from '../../domain/bar.js';
import { FallbackScorer } from '../../ensemble/fallbackScorer.js';

/**
 * The rule-based scorer's P(up) at each given bar index (ascending), fed bar by bar from the first bar as
 * the daemon feeds it, so the values are the ones it would have seen. NaN before its warm-up.
 */
export function fallbackProbabilities(symbol: string, bars: readonly Bar[], ends: ArrayLike<number>): Float64Array {
  const scorer = new FallbackScorer();
  const out = new Float64Array(ends.length);
  let next = 0;
  for (let i = 0; i < ends.length; i++) {
    const end = ends[i] as number;
    while (next <= end && next < bars.length) scorer.observe(symbol, bars[next++] as Bar);
    out[i] = end + 1 >= scorer.warmup ? scorer.score(symbol, bars.slice(end + 1 - scorer.warmup, end + 1)).probability ?? Number.NaN : Number.NaN;
  }
  return out;
}
