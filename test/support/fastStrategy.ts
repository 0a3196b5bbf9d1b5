/**
 * Config for tests of mechanics (crash safety, live orders, the daemon), not of the strategy: the rule-based
 * strategy on hours instead of days, so it is ready after a day of bars and trades every few hours. The
 * shipped strategy needs 90 days of history and decides once a day: too slow for a run of a few dozen bars.
 */
export const FAST_STRATEGY_YAML = 'strategy: { lookbackDays: [0.125, 0.25, 0.5], volatilityDays: 1, rebalanceHours: 1, horizonHours: 1, atrDays: 1 }\n';

/** Orders at market: for tests whose fake exchange or timing has no room for resting limits. */
export const MARKET_ORDERS_YAML = 'execution: { orderType: market }\n';
