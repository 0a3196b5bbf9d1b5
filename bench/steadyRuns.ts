/**
 * A loop's steady state: `warmup` runs first (the JIT tiers the hot path up over several runs in one
 * process, as a research loop of many backtests does), then `measured` runs. The figure is the median run
 * by `rate`, never the best, given with every measured rate and the warm-up runs' apart.
 */
export async function steadyRuns<R extends object>(
  run: () => Promise<R>,
  rate: (r: R) => number,
  o: { warmup: number; measured: number },
): Promise<R & { measuredRuns: number[]; warmupRuns: number[] }> {
  const warmupRuns: number[] = [];
  for (let i = 0; i < o.warmup; i++) warmupRuns.push(rate(await run()));
  const measured: R[] = [];
  for (let i = 0; i < o.measured; i++) measured.push(await run());
  const byRate = [...measured].sort((a, b) => rate(a) - rate(b));
  const median = byRate[Math.floor((byRate.length - 1) / 2)] as R;
  return { ...median, measuredRuns: measured.map(rate), warmupRuns };
}
