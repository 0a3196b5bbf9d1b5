/**
 * A loop's steady state: `warmup` runs first (the JIT tiers the hot path up over several runs in one
 * process, as a research loop of many backtests does), then `measured` runs; the figure is the median
 * run by `rate`, never the best. Every run's rate is kept, the warm-up runs' apart.
 */
export async function steadyRuns<R>(
  run: () => Promise<R>,
  rate: (r: R) => number,
  o: { warmup: number; measured: number },
): Promise<{ median: R; warmupRuns: number[]; runs: number[] }> {
  const warmupRuns: number[] = [];
  for (let i = 0; i < o.warmup; i++) warmupRuns.push(rate(await run()));
  const measured: R[] = [];
  for (let i = 0; i < o.measured; i++) measured.push(await run());
  const byRate = [...measured].sort((a, b) => rate(a) - rate(b));
  const median = byRate[Math.floor((byRate.length - 1) / 2)] as R;
  return { median, warmupRuns, runs: measured.map(rate) };
}
