import type { Symbol } from '../domain/bar.js';
import type { Position } from '../domain/position.js';
import type { Signal } from '../domain/signal.js';
import type { Target } from '../domain/target.js';
import { fitWeights, type WeightItem } from './fitWeights.js';
import { intentFor, type Intent } from './intent.js';
import type { AllocationInput, AssetTier } from './types.js';

const EPS = 1e-12;

function bySymbol<T extends { readonly symbol: Symbol }>(items: readonly T[], what: string): Map<Symbol, T> {
  const map = new Map<Symbol, T>();
  for (const item of items) {
    if (map.has(item.symbol)) throw new Error(`allocate: two ${what} for ${item.symbol}`);
    map.set(item.symbol, item);
  }
  return map;
}

/** Highest score first; an open position on the same side wins a tie (no churn for nothing); then by name. */
function rank(a: Intent, b: Intent): number {
  return b.score - a.score || Number(b.kind === 'keep') - Number(a.kind === 'keep') || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0);
}

/**
 * Targets for every symbol with a signal or an open position, sorted by symbol:
 * 1. Each symbol's intent (intent.ts): open on a signal at or above the lowest risk tier whose expected
 *    return beats the round-trip costs; keep an open position's side unless a confident opposite signal
 *    flips it.
 * 2. At most maxPositions of the regime survive, by score; the rest go flat.
 * 3. Sizes: inverse volatility x score tilt, spread over 1 - cashBuffer, within the tier caps and the
 *    tier-3 sleeve (fitWeights). A position kept without a supporting signal holds its weight, and so does
 *    a supported one whose target lies within rebalanceBand of it; holds are sized first, the rest share
 *    what is left. A hold above a cap, or holds above the budget, are cut: limits beat hysteresis.
 */
export function allocate(input: AllocationInput): Target[] {
  const { settings } = input;
  const limits = settings.regimes[input.marketRegime];
  const signals = bySymbol<Signal>(input.signals, 'signals');
  const positions = bySymbol<Position>(input.positions, 'positions');
  const symbols = [...new Set([...signals.keys(), ...positions.keys()])].sort();
  const tierOf = (s: Symbol): AssetTier => input.tiers[s] ?? 3;

  if (!(input.equity > 0)) {
    return symbols.map((symbol) => ({
      symbol, side: 'flat', weight: 0, action: positions.has(symbol) ? 'close' : 'none', reason: 'no equity',
    }));
  }

  const intents = symbols.map((symbol) =>
    intentFor(symbol, signals.get(symbol), positions.get(symbol), {
      equity: input.equity,
      volatility: input.volatility[symbol],
      costs: input.costs,
      settings,
    }),
  );
  const wanted = intents.filter((i) => i.side !== 'flat').sort(rank);
  const kept = wanted.slice(0, Math.max(0, Math.floor(limits.maxPositions)));
  const keptSymbols = new Set(kept.map((i) => i.symbol));

  const holds = new Set(kept.filter((i) => i.raw === undefined).map((i) => i.symbol));
  const weightLimits = { budget: 1 - limits.cashBuffer, tierCaps: settings.tierCaps, tier3Sleeve: settings.tier3Sleeve };
  const itemsFor = (): WeightItem[] =>
    kept.map((i) =>
      holds.has(i.symbol) || i.raw === undefined
        ? { symbol: i.symbol, tier: tierOf(i.symbol), fixed: i.current }
        : { symbol: i.symbol, tier: tierOf(i.symbol), raw: i.raw },
    );
  // A position whose target lies within the band holds; each hold changes what the others get, so
  // look again until no new hold appears (holds only grow: at most one pass per position).
  let weights = fitWeights(itemsFor(), weightLimits);
  for (;;) {
    const within = kept.filter(
      (i) => i.kind === 'keep' && !holds.has(i.symbol) && Math.abs((weights.get(i.symbol) ?? 0) - i.current) <= settings.rebalanceBand * i.current,
    );
    if (within.length === 0) break;
    for (const i of within) holds.add(i.symbol);
    weights = fitWeights(itemsFor(), weightLimits);
  }

  return intents.map((i): Target => {
    const had = positions.has(i.symbol);
    if (i.side === 'flat') return { symbol: i.symbol, side: 'flat', weight: 0, action: had ? 'close' : 'none', reason: i.reason };
    if (!keptSymbols.has(i.symbol)) {
      const reason = `ranked below the ${limits.maxPositions} positions of the ${input.marketRegime} regime (${i.reason})`;
      return { symbol: i.symbol, side: 'flat', weight: 0, action: had ? 'close' : 'none', reason };
    }
    const w = weights.get(i.symbol) ?? 0;
    if (!(w > EPS)) return { symbol: i.symbol, side: 'flat', weight: 0, action: had ? 'close' : 'none', reason: `no room left within the limits (${i.reason})` };
    if (i.kind === 'open') return { symbol: i.symbol, side: i.side, weight: w, action: 'open', reason: i.reason };
    if (i.kind === 'flip') return { symbol: i.symbol, side: i.side, weight: w, action: 'flip', reason: i.reason };
    if (Math.abs(w - i.current) <= EPS) return { symbol: i.symbol, side: i.side, weight: i.current, action: 'hold', reason: i.reason };
    const resize = `weight ${(w * 100).toFixed(2)}% against the position's margin of ${(i.current * 100).toFixed(2)}% of equity`;
    const why = holds.has(i.symbol) ? 'cut to the tier cap, sleeve or cash buffer' : 'outside the rebalance band';
    return { symbol: i.symbol, side: i.side, weight: w, action: 'resize', reason: `${resize}: ${why}; ${i.reason}` };
  });
}
