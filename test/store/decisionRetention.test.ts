import { describe, expect, it } from 'vitest';
import type { Decision } from '../../src/domain/decision.js';
import type { Fill } from '../../src/domain/fill.js';
import { decisionPruner } from '../../src/store/decisionRetention.js';
import { Store } from '../../src/store/store.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const decision = (symbol: string, time: number): Decision => ({
  signal: {
    symbol,
    barTime: time - HOUR,
    source: 'rule',
    direction: 'long',
    exposure: 0.5,
    rebalance: true,
    horizonBars: 24,
    class: 'BUY',
    expectedReturn: 0.001,
    atr: 1,
    members: [],
    inputs: {},
  },
  action: 'hold',
  reason: 'test',
  decidedAt: time,
});

const fill = (id: string, time: number): Fill => ({
  id,
  clientOrderId: id,
  positionId: id,
  symbol: 'SOL/USD',
  side: 'buy',
  quantity: 1,
  price: 100,
  fee: 0.26,
  liquidity: 'taker',
  time,
  effect: 'open',
  leverage: 2,
  margin: 50,
  realizedPnl: 0,
  cashDelta: -50.26,
});

/** Two epochs with an hourly iteration each over `days` days: a decision per asset, a fill a day, an equity point. */
function tradedStore(days: number): Store {
  const store = Store.open(':memory:');
  for (const capital of [1000, 2000]) {
    const e = store.trading.createEpoch(capital, 0);
    for (let t = HOUR; t <= days * DAY; t += HOUR) {
      store.trading.writeIteration({
        epochId: e.id,
        cash: capital,
        time: t,
        orders: [],
        fills: t % DAY === 0 ? [fill(`f${t}`, t)] : [],
        openPositions: [],
        closedPositions: [],
        decisions: [decision('SOL/USD', t), decision('ETH/USD', t)],
        cursors: new Map([['SOL/USD', t - HOUR]]),
        timeframe: '1h',
        equity: { time: t, cash: capital, equity: capital, margin: 0, unrealizedPnl: 0 },
      });
    }
  }
  return store;
}

const count = (store: Store, table: string) => (store.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('decision retention', () => {
  it('deletes the decisions older than the retention, in every epoch, and nothing else', () => {
    const store = tradedStore(10);
    const before = Object.fromEntries(['fills', 'equity_snapshots', 'orders', 'cursors', 'balances', 'epochs'].map((t) => [t, count(store, t)]));
    const now = 10 * DAY;
    const pruned = store.trading.pruneDecisions(now - 3 * DAY);
    expect(pruned).toBe(2 * 2 * (7 * 24 - 1));
    const kept = store.db.prepare('SELECT MIN(decided_at) AS first, COUNT(*) AS n FROM decisions GROUP BY epoch_id').all();
    expect(kept).toEqual([
      { first: now - 3 * DAY, n: 2 * (3 * 24 + 1) },
      { first: now - 3 * DAY, n: 2 * (3 * 24 + 1) },
    ]);
    expect(Object.fromEntries(Object.keys(before).map((t) => [t, count(store, t)]))).toEqual(before);
    store.close();
  });

  it('the daemon prunes at most once an hour of its clock, and 0 days keeps every decision', () => {
    const store = tradedStore(3);
    const forever = decisionPruner(store.trading, 0);
    expect(forever(100 * DAY)).toBe(0);
    expect(count(store, 'decisions')).toBe(2 * 2 * 3 * 24);

    const prune = decisionPruner(store.trading, 1);
    expect(prune(2 * DAY)).toBe(2 * 2 * 23);
    expect(prune(2 * DAY + 30 * 60_000)).toBe(0);
    expect(prune(2 * DAY + HOUR)).toBe(2 * 2);
    store.close();
  });
});
