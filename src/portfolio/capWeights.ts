import type { Symbol } from '../domain/bar.js';
import type { AssetTier } from './types.js';

export interface WeightItem {
  readonly symbol: Symbol;
  readonly tier: AssetTier;
  readonly weight: number;
}

export interface WeightLimits {
  /** Sum of all weights may not exceed it. */
  readonly budget: number;
  readonly tierCaps: Readonly<Record<AssetTier, number>>;
  /** Sum of the tier-3 weights may not exceed it. */
  readonly tier3Sleeve: number;
}

const sum = (xs: Iterable<number>): number => {
  let s = 0;
  for (const x of xs) s += x;
  return s;
};

/**
 * Weights within every limit: each cut to its tier cap, the tier-3 ones scaled together into their sleeve,
 * then all scaled together into the budget. Nothing is handed to another asset: each sleeve is sized on its
 * own risk, and a limit only ever takes away.
 */
export function capWeights(items: readonly WeightItem[], limits: WeightLimits): Map<Symbol, number> {
  const w = new Map<Symbol, number>();
  for (const i of items) w.set(i.symbol, Math.min(Math.max(0, i.weight), Math.max(0, limits.tierCaps[i.tier])));
  scaleGroup(
    w,
    items.filter((i) => i.tier === 3).map((i) => i.symbol),
    Math.max(0, limits.tier3Sleeve),
  );
  scaleGroup(
    w,
    items.map((i) => i.symbol),
    Math.max(0, limits.budget),
  );
  return w;
}

/** Scale the weights of `symbols` down together so that they sum to at most `limit`. */
function scaleGroup(w: Map<Symbol, number>, symbols: readonly Symbol[], limit: number): void {
  const total = sum(symbols.map((s) => w.get(s) ?? 0));
  if (total <= limit) return;
  const k = total > 0 ? limit / total : 0;
  for (const s of symbols) w.set(s, (w.get(s) ?? 0) * k);
}
