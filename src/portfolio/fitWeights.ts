import type { Symbol } from '../domain/bar.js';
import type { AssetTier } from './types.js';

/** One position to size: either flexible (a relative size `raw`) or fixed at a weight it asks for. */
export type WeightItem =
  | { readonly symbol: Symbol; readonly tier: AssetTier; readonly raw: number }
  | { readonly symbol: Symbol; readonly tier: AssetTier; readonly fixed: number };

export interface WeightLimits {
  /** Sum of all weights may not exceed it (the investable fraction of equity). */
  readonly budget: number;
  readonly tierCaps: Readonly<Record<AssetTier, number>>;
  /** Sum of the tier-3 weights may not exceed it. */
  readonly tier3Sleeve: number;
}

const EPS = 1e-12;
const sum = (xs: Iterable<number>): number => {
  let s = 0;
  for (const x of xs) s += x;
  return s;
};

/**
 * Weights within every limit. Fixed items (holds) come first: cut to their tier cap, then the tier-3 fixed
 * together to the sleeve, then all fixed together to the budget. Flexible items share what is left in
 * proportion to `raw`, by water-filling: an item that reaches its cap keeps the cap and its excess goes to
 * the others in proportion, likewise the tier-3 items as a group when they fill the sleeve. The result
 * spends min(budget, what the caps allow); ratios between unconstrained items stay those of `raw`.
 */
export function fitWeights(items: readonly WeightItem[], limits: WeightLimits): Map<Symbol, number> {
  const w = new Map<Symbol, number>();
  const capOf = (tier: AssetTier) => Math.max(0, limits.tierCaps[tier]);
  const budget = Math.max(0, limits.budget);
  const sleeve = Math.max(0, limits.tier3Sleeve);

  const fixed = items.filter((i): i is Extract<WeightItem, { fixed: number }> => 'fixed' in i);
  for (const i of fixed) w.set(i.symbol, Math.min(Math.max(0, i.fixed), capOf(i.tier)));
  scaleGroup(w, fixed.filter((i) => i.tier === 3).map((i) => i.symbol), sleeve);
  scaleGroup(w, fixed.map((i) => i.symbol), budget);

  const flexible = items.filter((i): i is Extract<WeightItem, { raw: number }> => 'raw' in i);
  const open = new Set<Extract<WeightItem, { raw: number }>>();
  for (const i of flexible) {
    w.set(i.symbol, 0);
    if (i.raw > 0 && Number.isFinite(i.raw) && capOf(i.tier) > 0) open.add(i);
  }
  const tier3 = items.filter((i) => i.tier === 3).map((i) => i.symbol);
  const closeTier3IfFull = () => {
    if (sum(tier3.map((s) => w.get(s) ?? 0)) < sleeve - EPS) return;
    for (const i of open) if (i.tier === 3) open.delete(i);
  };
  closeTier3IfFull();

  // Each pass either spends all the room or closes at least one item (or the sleeve): at most n + 1 passes.
  for (let pass = 0; pass <= items.length + 1 && open.size > 0; pass++) {
    const room = budget - sum(w.values());
    if (room <= EPS) break;
    const rawTotal = sum([...open].map((i) => i.raw));
    for (const i of open) w.set(i.symbol, (w.get(i.symbol) ?? 0) + (room * i.raw) / rawTotal);
    for (const i of open) {
      if ((w.get(i.symbol) ?? 0) >= capOf(i.tier) - EPS) {
        w.set(i.symbol, capOf(i.tier));
        open.delete(i);
      }
    }
    const flexTier3 = flexible.filter((i) => i.tier === 3).map((i) => i.symbol);
    const fixedTier3 = sum(fixed.filter((i) => i.tier === 3).map((i) => w.get(i.symbol) ?? 0));
    scaleGroup(w, flexTier3, Math.max(0, sleeve - fixedTier3));
    closeTier3IfFull();
  }
  return w;
}

/** Scale the weights of `symbols` down together so that they sum to at most `limit`. */
function scaleGroup(w: Map<Symbol, number>, symbols: readonly Symbol[], limit: number): void {
  const total = sum(symbols.map((s) => w.get(s) ?? 0));
  if (total <= limit) return;
  const k = total > 0 ? limit / total : 0;
  for (const s of symbols) w.set(s, (w.get(s) ?? 0) * k);
}
