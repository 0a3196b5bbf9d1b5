import type { BacktestInput } from './types.js';

/**
 * The shapes of a run no report can be honest about. They are the engine's bugs, not a user's
 * mistakes, so they throw RangeError as the metrics do. The equity curve itself is checked by
 * performanceReport.
 */
export function validateInput(input: BacktestInput): void {
  const where = `backtest ${input.runId}`;
  if (!(Number.isFinite(input.capital) && input.capital > 0)) throw new RangeError(`${where}: capital must be > 0, got ${input.capital}`);
  if (!(Number.isFinite(input.takerFee) && input.takerFee >= 0 && input.takerFee < 1)) throw new RangeError(`${where}: takerFee must be in [0, 1), got ${input.takerFee}`);
  if (input.assets.length === 0) throw new RangeError(`${where}: no assets`);
  if (new Set(input.assets).size !== input.assets.length) throw new RangeError(`${where}: an asset is listed twice in ${input.assets.join(', ')}`);
  if (input.equity.length === 0) throw new RangeError(`${where}: empty equity curve`);
  const known = new Set(input.assets);
  for (const a of input.assets) if (!input.closes.get(a)?.length) throw new RangeError(`${where}: no closes of ${a} for its marks and buy-and-hold`);
  input.fills.forEach((f, i) => {
    if (!known.has(f.symbol)) throw new RangeError(`${where}: fill ${f.id} is on ${f.symbol}, which is not one of the run's assets (${input.assets.join(', ')})`);
    const before = input.fills[i - 1];
    if (before && f.time < before.time) throw new RangeError(`${where}: fill ${f.id} at ${f.time} comes after fill ${before.id} at ${before.time}: fills must be in the order they happened`);
  });
  for (const c of input.closedPositions) if (!known.has(c.position.symbol)) throw new RangeError(`${where}: closed position ${c.position.id} is on ${c.position.symbol}, not one of the run's assets`);
  if (input.exposure && input.exposure.length !== input.equity.length) {
    throw new RangeError(`${where}: exposure has ${input.exposure.length} entries, the equity curve ${input.equity.length}`);
  }
}
