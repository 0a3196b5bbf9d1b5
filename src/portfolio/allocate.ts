import type { Symbol } from '../domain/bar.js';
import type { Position } from '../domain/position.js';
import type { Signal } from '../domain/signal.js';
import type { Target } from '../domain/target.js';
import { capWeights } from './capWeights.js';
import type { AllocationInput, AssetTier } from './types.js';
import { wantedWeight, type Want } from './wantedWeight.js';

const EPS = 1e-12;
const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

function bySymbol<T extends { readonly symbol: Symbol }>(items: readonly T[], what: string): Map<Symbol, T> {
  const map = new Map<Symbol, T>();
  for (const item of items) {
    if (map.has(item.symbol)) throw new Error(`allocate: two ${what} for ${item.symbol}`);
    map.set(item.symbol, item);
  }
  return map;
}

/** Largest weight first; a position already held on the same side wins a tie (no churn for nothing). */
function rank(a: Want, b: Want): number {
  const heldA = a.held === a.side ? 1 : 0;
  const heldB = b.held === b.side ? 1 : 0;
  return b.weight - a.weight || heldB - heldA || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0);
}

/** The target that leaves a symbol as it is: what it holds, or nothing. */
function keptTarget(w: Want, reason = w.reason): Target {
  return { symbol: w.symbol, side: w.held ?? 'flat', weight: w.current, action: w.held !== undefined ? 'hold' : 'none', reason };
}

/**
 * Targets for every symbol with a signal or an open position, sorted by symbol. Weights are notional as a
 * fraction of equity.
 * 1. Each symbol's wanted weight (wantedWeight.ts): its sleeve (equity / assets) times the strategy's
 *    exposure, times the risk tier of a model's confidence; between decisions, what is held.
 * 2. At most maxPositions of the regime survive, largest first; the rest go flat.
 * 3. Tier caps, the tier-3 sleeve and the gross budget (maxGrossExposure x (1 - the regime's cash buffer))
 *    only cut: no asset is handed another's room.
 * 4. Hysteresis: a position whose target lies within rebalanceBand of what it holds keeps what it holds,
 *    unless that breaks a limit by more than the band (step 3 again): limits beat hysteresis, drift does not.
 * 5. The turnover budget: once spent, only trades that reduce exposure go through.
 * Limits act at decisions: a position kept between decisions is not cut until the next one.
 */
export function allocate(input: AllocationInput): Target[] {
  const { settings } = input;
  const limits = settings.regimes[input.marketRegime];
  const signals = bySymbol<Signal>(input.signals, 'signals');
  const positions = bySymbol<Position>(input.positions, 'positions');
  const symbols = [...new Set([...signals.keys(), ...positions.keys()])].sort();
  const tierOf = (s: Symbol): AssetTier => input.tiers[s] ?? 3;

  if (!(input.equity > 0)) {
    return symbols.map((symbol) => ({ symbol, side: 'flat', weight: 0, action: positions.has(symbol) ? 'close' : 'none', reason: 'no equity' }));
  }
  const sleeve = input.assets.length > 0 ? 1 / input.assets.length : 0;
  const wants = symbols.map((symbol) =>
    wantedWeight(symbol, signals.get(symbol), positions.get(symbol), {
      equity: input.equity,
      mark: input.marks.get(symbol),
      sleeve,
      costs: input.costs,
      settings,
    }),
  );

  // Between decisions every asset keeps what it holds: nothing below could change that (most bars).
  if (wants.every((w) => w.kind === 'keep')) return wants.map((w) => keptTarget(w));

  const decided = wants.filter((w) => w.kind === 'decide' && w.side !== 'flat' && w.weight > EPS).sort(rank);
  const kept = decided.slice(0, Math.max(0, Math.floor(limits.maxPositions)));
  const keptSymbols = new Set(kept.map((w) => w.symbol));
  const limitsOf = { budget: settings.maxGrossExposure * (1 - limits.cashBuffer), tierCaps: settings.tierCaps, tier3Sleeve: settings.tier3Sleeve };
  const fit = (weight: (w: Want) => number) =>
    capWeights(
      kept.map((w) => ({ symbol: w.symbol, tier: tierOf(w.symbol), weight: weight(w) })),
      limitsOf,
    );
  // Limits first; then hysteresis: a position whose target lies within the band of what it holds keeps it;
  // then the limits again, so that a kept position never breaks one (limits beat hysteresis).
  const capped = fit((w) => w.weight);
  const within = (w: Want, target: number) => w.held === w.side && Math.abs(target - w.current) <= settings.rebalanceBand * w.current;
  const banded = new Set(kept.filter((w) => within(w, capped.get(w.symbol) ?? 0)).map((w) => w.symbol));
  const weights = fit((w) => (banded.has(w.symbol) ? w.current : (capped.get(w.symbol) ?? 0)));
  // A kept position the limits cut by no more than the band stays too: price drift past a cap is not worth a trade.
  for (const w of kept) if (banded.has(w.symbol) && (weights.get(w.symbol) ?? 0) >= w.current * (1 - settings.rebalanceBand)) weights.set(w.symbol, w.current);

  let turnoverLeft = input.turnoverLeft ?? Number.POSITIVE_INFINITY;
  const targets = new Map<Symbol, Target>();
  // Increases are granted largest first: with little budget left, the most wanted exposure goes first.
  const order = [...wants].sort((a, b) => (weights.get(b.symbol) ?? 0) - (weights.get(a.symbol) ?? 0) || (a.symbol < b.symbol ? -1 : 1));
  for (const w of order) {
    const had = w.held !== undefined;
    const flatTarget = (reason: string): Target => ({ symbol: w.symbol, side: 'flat', weight: 0, action: had ? 'close' : 'none', reason });
    const hold = (reason: string): Target => keptTarget(w, reason);
    if (w.kind === 'keep') {
      targets.set(w.symbol, hold(w.reason));
      continue;
    }
    if (w.side === 'flat' || !(w.weight > EPS)) {
      targets.set(w.symbol, flatTarget(w.reason));
      continue;
    }
    if (!keptSymbols.has(w.symbol)) {
      targets.set(w.symbol, flatTarget(`ranked below the ${limits.maxPositions} positions of the ${input.marketRegime} regime (${w.reason})`));
      continue;
    }
    const target = weights.get(w.symbol) ?? 0;
    if (!(target > EPS)) {
      targets.set(w.symbol, flatTarget(`no room left within the limits (${w.reason})`));
      continue;
    }
    const sameSide = w.held === w.side;
    const limited = target < (banded.has(w.symbol) ? w.current : w.weight) - EPS;
    const capNote = limited ? '; cut by the tier cap, tier-3 sleeve or gross budget' : '';
    if (sameSide && Math.abs(target - w.current) <= EPS) {
      targets.set(w.symbol, hold(`${pct(w.current)} held is within the rebalance band of the ${pct(capped.get(w.symbol) ?? 0)} wanted (${w.reason})`));
      continue;
    }
    // Exposure added: all of an open or a flip, the difference of an increase.
    const added = sameSide ? target - w.current : target;
    if (added > EPS && added > turnoverLeft) {
      const spent = `turnover budget spent: ${pct(added)} more would exceed the ${pct(turnoverLeft)} left (${w.reason})`;
      targets.set(w.symbol, sameSide ? hold(spent) : flatTarget(spent));
      continue;
    }
    if (added > EPS) turnoverLeft -= added;
    const action = !had ? 'open' : sameSide ? 'resize' : 'flip';
    const resize = sameSide ? `resize ${pct(w.current)} -> ${pct(target)}: ` : '';
    targets.set(w.symbol, { symbol: w.symbol, side: w.side, weight: target, action, reason: `${resize}${w.reason}${capNote}` });
  }
  return symbols.map((s) => targets.get(s) as Target);
}
