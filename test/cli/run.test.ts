import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/store.js';
import { spawnBot, waitFor } from '../support/botProcess.js';
import { runBot } from '../support/cli.js';
import { hasSharedData, SHARED_DATA_MISSING, sharedFile } from '../support/sharedData.js';
import { makeTempHome, writeHomeConfig } from '../support/tempHome.js';

describe('bot run refuses what it must', () => {
  const home = makeTempHome();
  afterAll(() => home.cleanup());

  it('rejects a negative capital, naming the flag', async () => {
    const r = await runBot(['--home', home.dir, 'run', '--feed', 'replay', '--capital', '-5']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/capital \(from --capital\): -5 is not allowed/);
  });

  it('rejects an unknown asset, listing the known ones', async () => {
    const r = await runBot(['--home', home.dir, 'run', '--feed', 'replay', '--assets', 'DOGE/USD']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown asset DOGE\/USD/);
    expect(r.stderr).toMatch(/SOL\/USD/);
  });

  it('--live needs the API keys from the environment (test/cli/runLiveRefusals.test.ts has the rest)', async () => {
    const r = await runBot(['--home', home.dir, 'run', '--live'], { KRAKEN_API_KEY: '', KRAKEN_API_SECRET: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--live needs KRAKEN_API_KEY and KRAKEN_API_SECRET/);
  });

  it('says what to do when there are no candles to replay, and leaves no empty epoch behind', async () => {
    const empty = makeTempHome();
    try {
      const r = await runBot(['--home', empty.dir, 'run', '--feed', 'replay', '--assets', 'BTC/USD', '--iterations', '1']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/no BTC\/USD 1h candles/);
      expect(r.stderr).toMatch(/bot data import/);
      // The failed start wrote nothing: a later first run still takes its --capital.
      const epochs = await runBot(['--home', empty.dir, 'status', '--epochs', '--json']);
      expect(JSON.parse(epochs.stdout)).toEqual({ epochs: [] });
    } finally {
      empty.cleanup();
    }
  });

  it('without network, exits 75 once --retry-budget is spent, naming the exchange and suggesting --feed replay', async () => {
    const offline = makeTempHome();
    // Port 1 on loopback: nothing listens, the connection is refused at once.
    writeHomeConfig(offline.dir, 'exchange:\n  apiUrl: http://127.0.0.1:1\n  timeoutMs: 3000\n');
    const r = await runBot(['--home', offline.dir, 'run', '--sandbox', '--iterations', '1', '--retry-budget', '1']);
    offline.cleanup();
    expect(r.code).toBe(75);
    expect(r.stderr).toMatch(/kraken/i);
    expect(r.stderr).toMatch(/--feed replay/);
  });
});

describe.skipIf(!hasSharedData)(`one daemon per home, clean stop on SIGTERM ${hasSharedData ? '' : SHARED_DATA_MISSING}`, () => {
  const home = makeTempHome();
  const h = ['--home', home.dir];
  afterAll(() => home.cleanup());
  beforeAll(async () => {
    const r = await runBot([...h, 'data', 'import', sharedFile('binance', 'SOL-USDT_1h.csv'), '--symbol', 'SOL/USD', '--timeframe', '1h']);
    expect(r.code, r.stderr).toBe(0);
  });

  it('refuses a second daemon and a reset while one runs, then stops cleanly on SIGTERM', async () => {
    const lock = path.join(home.dir, 'bot.lock');
    const db = path.join(home.dir, 'bot.db');
    const daemon = spawnBot([...h, 'run', '--feed', 'replay', '--assets', 'SOL/USD', '--from', '2024-01-01', '--interval', '3600']);
    const cursor = () => {
      if (!fs.existsSync(lock)) return undefined;
      const store = Store.open(db, { readonly: true });
      try {
        return store.trading.cursors(1, '1h').get('SOL/USD');
      } finally {
        store.close();
      }
    };
    await waitFor(() => cursor() !== undefined);

    const second = await runBot([...h, 'run', '--feed', 'replay', '--assets', 'SOL/USD', '--iterations', '1']);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/another bot \(pid \d+/);
    const reset = await runBot([...h, 'reset', '--capital', '1000']);
    expect(reset.code).toBe(2);
    expect(reset.stderr).toMatch(/another bot/);
    const status = await runBot([...h, 'status', '--json']);
    expect(JSON.parse(status.stdout).daemon).toEqual({ pid: daemon.child.pid });

    daemon.child.kill('SIGTERM');
    const ended = await daemon.exited;
    expect(ended.code).toBe(0);
    expect(fs.existsSync(lock)).toBe(false);
    expect(cursor()).toBeUndefined();
    const store = Store.open(db, { readonly: true });
    expect(store.trading.cursors(1, '1h').get('SOL/USD')).toBe(Date.parse('2024-01-01T00:00:00Z'));
    store.close();
  });
});
