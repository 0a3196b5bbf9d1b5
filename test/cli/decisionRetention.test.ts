import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/store.js';
import { runBot } from '../support/cli.js';
import { hasSharedData, SHARED_DATA_MISSING, sharedFile } from '../support/sharedData.js';
import { makeTempHome, writeHomeConfig } from '../support/tempHome.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ITERATIONS = 300;

describe.skipIf(!hasSharedData)(`store.decisionRetentionDays ${hasSharedData ? '' : SHARED_DATA_MISSING}`, () => {
  const homes: Array<ReturnType<typeof makeTempHome>> = [];
  afterAll(() => homes.forEach((h) => h.cleanup()));
  let candles: string;
  beforeAll(async () => {
    const h = makeTempHome();
    homes.push(h);
    const r = await runBot(['--home', h.dir, 'data', 'import', sharedFile('binance', 'SOL-USDT_1h.csv'), '--symbol', 'SOL/USD', '--timeframe', '1h']);
    expect(r.code, r.stderr).toBe(0);
    candles = path.join(h.dir, 'bot.db');
  });

  async function replay(config: string): Promise<Store> {
    const h = makeTempHome();
    homes.push(h);
    fs.copyFileSync(candles, path.join(h.dir, 'bot.db'));
    writeHomeConfig(h.dir, config);
    const r = await runBot([
      '--home',
      h.dir,
      'run',
      '--feed',
      'replay',
      '--assets',
      'SOL/USD',
      '--from',
      '2024-03-01',
      '--iterations',
      String(ITERATIONS),
      '--interval',
      '0',
    ]);
    expect(r.code, r.stderr).toBe(0);
    return Store.open(path.join(h.dir, 'bot.db'), { readonly: true });
  }

  it('the daemon deletes decisions older than the retention as it runs; orders, fills and equity are all kept', async () => {
    const forever = await replay('store:\n  decisionRetentionDays: 0\n');
    const twoDays = await replay('store:\n  decisionRetentionDays: 2\n');
    try {
      const decided = (s: Store) =>
        s.db
          .prepare('SELECT decided_at AS t FROM decisions ORDER BY decided_at')
          .all()
          .map((r) => (r as { t: number }).t);
      const all = decided(forever);
      expect(all).toHaveLength(ITERATIONS);
      const kept = decided(twoDays);
      const last = all.at(-1) as number;
      // Pruned once an hour of the replay's clock: nothing older than the retention plus that hour is left.
      expect(kept.at(-1)).toBe(last);
      expect(kept[0]).toBeGreaterThanOrEqual(last - 2 * DAY - HOUR);
      expect(kept.length).toBeLessThanOrEqual(2 * 24 + 2);
      expect(kept).toEqual(all.slice(all.length - kept.length));

      expect(twoDays.trading.orders(1)).toEqual(forever.trading.orders(1));
      expect(twoDays.trading.fills(1)).toEqual(forever.trading.fills(1));
      expect(twoDays.trading.fills(1).length).toBeGreaterThan(0);
      expect(twoDays.trading.equityCurve(1)).toEqual(forever.trading.equityCurve(1));
      expect(twoDays.trading.openPositions(1)).toEqual(forever.trading.openPositions(1));
      expect(twoDays.trading.cash(1)).toBe(forever.trading.cash(1));
    } finally {
      forever.close();
      twoDays.close();
    }
  });

  it('is a number of days, 0 or more', async () => {
    const h = makeTempHome();
    homes.push(h);
    writeHomeConfig(h.dir, 'store:\n  decisionRetentionDays: -1\n');
    const r = await runBot(['--home', h.dir, 'status']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/store\.decisionRetentionDays: -1 is not allowed/);
  });
});
