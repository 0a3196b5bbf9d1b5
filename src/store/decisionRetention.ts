import type { TradingRepository } from './tradingRepository.js';

const DAY_MS = 86_400_000;
/** Pruning more often gains nothing: a day's decisions are a few hundred rows. */
const PRUNE_EVERY_MS = 3_600_000;

/**
 * The daemon's pruning of old decisions (about 1.75 KB per iteration for two assets, the bulk of a growing
 * database): those older than `retentionDays` of the daemon's clock go, at most once an hour of that clock,
 * in a transaction of their own. 0 keeps them forever. Returns how many rows a call deleted.
 */
export function decisionPruner(trading: TradingRepository, retentionDays: number): (now: number) => number {
  if (retentionDays <= 0) return () => 0;
  let last: number | undefined;
  return (now) => {
    if (last !== undefined && now - last < PRUNE_EVERY_MS) return 0;
    last = now;
    return trading.pruneDecisions(now - retentionDays * DAY_MS);
  };
}
