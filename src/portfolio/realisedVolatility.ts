/**
 * Per-bar realised volatility: the sample standard deviation of the last `window` log returns of
 * `closes` (oldest first). Undefined when there are fewer than window + 1 closes or a close is not positive.
 */
export function realisedVolatility(closes: readonly number[], window = 20): number | undefined {
  if (window < 2 || closes.length < window + 1) return undefined;
  const returns: number[] = [];
  for (let i = closes.length - window; i < closes.length; i++) {
    const prev = closes[i - 1] as number;
    const cur = closes[i] as number;
    if (!(prev > 0) || !(cur > 0)) return undefined;
    returns.push(Math.log(cur / prev));
  }
  const mean = returns.reduce((a, b) => a + b, 0) / window;
  return Math.sqrt(returns.reduce((a, r) => a + (r - mean) ** 2, 0) / (window - 1));
}
