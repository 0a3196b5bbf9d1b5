import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRng } from '../../src/domain/random.js';
import { Store } from '../../src/store/store.js';
import { expectBooksBalance } from '../support/books.js';
import { spawnBot, waitFor } from '../support/botProcess.js';
import { runBot } from '../support/cli.js';
import { hasSharedData, SHARED_DATA_MISSING, sharedFile } from '../support/sharedData.js';
import { FAST_STRATEGY_YAML } from '../support/fastStrategy.js';
import { makeTempHome, writeHomeConfig } from '../support/tempHome.js';

const RUN = ['run', '--sandbox', '--feed', 'replay', '--assets', 'SOL/USD', 'ETH/USD', '--from', '2024-01-01', '--to', '2024-02-20', '--interval', '0'];
const BARS = 50 * 24;

async function prepare(home: string): Promise<void> {
  // The strategy on hours, with its post-only limits (orders rest across bars, so kills land on resting orders
  // too), and on margin (leverage from the asset's range): opening and rollover fees are charged.
  writeHomeConfig(home, `${FAST_STRATEGY_YAML}risk: { leverageMode: confidence }\n`);
  for (const [file, symbol] of [
    ['SOL-USDT_1h.csv', 'SOL/USD'],
    ['ETH-USDT_1h.csv', 'ETH/USD'],
  ] as const) {
    const r = await runBot(['--home', home, 'data', 'import', sharedFile('binance', file), '--symbol', symbol, '--timeframe', '1h']);
    expect(r.code, r.stderr).toBe(0);
  }
  expect((await runBot(['--home', home, 'reset', '--capital', '25000'])).code).toBe(0);
}

function books(home: string) {
  const store = Store.open(path.join(home, 'bot.db'), { readonly: true });
  try {
    const t = store.trading;
    return {
      fills: t.fills(1),
      charges: t.charges(1),
      orders: t.orders(1),
      positions: store.db.prepare('SELECT * FROM positions WHERE epoch_id = 1 ORDER BY id').all(),
      equity: t.equityCurve(1),
      decisions: store.db.prepare('SELECT symbol, bar_time, action, reason, confidence FROM decisions WHERE epoch_id = 1 ORDER BY bar_time, symbol').all(),
      cash: t.cash(1),
      balanced: expectBooksBalance(store, 1),
    };
  } finally {
    store.close();
  }
}

describe.skipIf(!hasSharedData)(`crash safety: kill -9 the daemon and restart ${hasSharedData ? '' : SHARED_DATA_MISSING}`, () => {
  const straight = makeTempHome();
  const killed = makeTempHome();
  afterAll(() => {
    straight.cleanup();
    killed.cleanup();
  });
  beforeAll(async () => {
    await prepare(straight.dir);
    await prepare(killed.dir);
  });

  // Waits on conditions only; the budgets bound a daemon that hangs, generous for a busy two-core machine.
  it('loses no fill, doubles none, and ends with the same books as an uninterrupted run', { timeout: 900_000 }, async () => {
    const reference = await runBot(['--home', straight.dir, ...RUN]);
    expect(reference.code, reference.stderr).toBe(0);
    const expected = books(straight.dir);
    expect(expected.fills.length).toBeGreaterThan(20);
    // Margin positions pay opening and rollover fees: a restart must neither lose nor double one.
    expect(expected.charges.filter((c) => c.kind === 'rollover').length).toBeGreaterThan(5);

    const rng = seededRng(20240101);
    const cursorOf = (): number => {
      try {
        const db = new Database(path.join(killed.dir, 'bot.db'), { readonly: true, fileMustExist: true });
        try {
          const row = db.prepare("SELECT MIN(bar_time) AS t FROM cursors WHERE epoch_id = 1 AND symbol IN ('SOL/USD', 'ETH/USD')").get() as
            | { t: number | null }
            | undefined;
          return row?.t ?? 0;
        } finally {
          db.close();
        }
      } catch {
        return 0;
      }
    };
    let kills = 0;
    for (let round = 0; round < 5; round++) {
      const start = cursorOf();
      const advance = (40 + Math.floor(rng.next() * 120)) * 3_600_000;
      const proc = spawnBot(['--home', killed.dir, ...RUN]);
      let finished = false;
      void proc.exited.then(() => (finished = true));
      await waitFor(() => finished || cursorOf() >= start + advance, 600_000, 20);
      if (finished) break;
      proc.child.kill('SIGKILL');
      const ended = await proc.exited;
      expect(ended.signal).toBe('SIGKILL');
      kills++;
    }
    expect(kills).toBeGreaterThanOrEqual(3);
    const last = spawnBot(['--home', killed.dir, ...RUN]);
    const done = await last.exited;
    expect(done.code, done.stderr).toBe(0);

    const actual = books(killed.dir);
    expect(actual.fills).toEqual(expected.fills);
    expect(actual.charges).toEqual(expected.charges);
    expect(actual.orders).toEqual(expected.orders);
    expect(actual.positions).toEqual(expected.positions);
    expect(actual.equity).toEqual(expected.equity);
    expect(actual.decisions).toEqual(expected.decisions);
    expect(actual.cash).toBe(expected.cash);
    expect(actual.equity).toHaveLength(BARS);
  });
});
