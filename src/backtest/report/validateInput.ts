import type { BacktestInput, TradingRecord } from './types.js';

/**
 * The shapes of a run no report can be honest about. They are the engine's bugs, not a user's
 * mistakes, so they throw RangeError as the metrics do. The equity curve itself is checked by
 * performanceReport.
 */
export function validateInput(input: BacktestInput): void {
  const where = `backtest ${input.runId}`;
  if (!(Number.isFinite(input.capital) && input.capital > 0)) throw new RangeError(`${where}: capital must be > 0, got ${input.capital}`);
  if (!(Number.isFinite(input.takerFee) && input.takerFee >= 0 && input.takerFee < 1))
    throw new RangeError(`${where}: takerFee must be in [0, 1), got ${input.takerFee}`);
  if (input.assets.length === 0) throw new RangeError(`${where}: no assets`);
  if (new Set(input.assets).size !== input.assets.length) throw new RangeError(`${where}: an asset is listed twice in ${input.assets.join(', ')}`);
  for (const a of input.assets) if (!input.closes.get(a)?.length) throw new RangeError(`${where}: no closes of ${a} for its marks and buy-and-hold`);
  validateRecord(input, input.assets, where);
  const rule = input.ruleBased;
  if (rule?.kind === 'run') {
    const w = `${where}, rule-based run`;
    validateRecord(rule, input.assets, w);
    // The comparison is only fair on the same bars.
    if (rule.equity.length !== input.equity.length || rule.equity.some((p, i) => p.time !== input.equity[i]!.time)) {
      throw new RangeError(
        `${w}: its equity has ${rule.equity.length} points, not at the ${input.equity.length} times of the strategy's: it must run on the same bars`,
      );
    }
  }
}

function validateRecord(r: TradingRecord, assets: readonly string[], where: string): void {
  if (r.equity.length === 0) throw new RangeError(`${where}: empty equity curve`);
  const known = new Set(assets);
  r.fills.forEach((f, i) => {
    if (!known.has(f.symbol)) throw new RangeError(`${where}: fill ${f.id} is on ${f.symbol}, which is not one of the run's assets (${assets.join(', ')})`);
    const before = r.fills[i - 1];
    if (before && f.time < before.time)
      throw new RangeError(`${where}: fill ${f.id} at ${f.time} comes after fill ${before.id} at ${before.time}: fills must be in the order they happened`);
  });
  for (const c of r.charges ?? []) {
    if (!known.has(c.symbol))
      throw new RangeError(`${where}: financing charge ${c.id} is on ${c.symbol}, which is not one of the run's assets (${assets.join(', ')})`);
    if (!Number.isFinite(c.amount) || !Number.isFinite(c.time))
      throw new RangeError(`${where}: financing charge ${c.id} has no finite amount or time (${c.amount} at ${c.time})`);
  }
  for (const c of r.closedPositions)
    if (!known.has(c.position.symbol))
      throw new RangeError(`${where}: closed position ${c.position.id} is on ${c.position.symbol}, not one of the run's assets`);
  if (r.exposure && r.exposure.length !== r.equity.length) {
    throw new RangeError(`${where}: exposure has ${r.exposure.length} entries, the equity curve ${r.equity.length}`);
  }
}
