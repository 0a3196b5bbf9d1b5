import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/store.js';
import { spawnBot, waitFor } from '../support/botProcess.js';
import { runBot } from '../support/cli.js';
import { hasSharedData, SHARED_DATA_MISSING, sharedFile } from '../support/sharedData.js';
import { aliasBombYaml, makeTempHome, writeHomeConfig } from '../support/tempHome.js';

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

  it('refuses an asset listed twice, on the command line or in the config, before anything is written', async () => {
    const fresh = makeTempHome();
    try {
      const flag = await runBot(['--home', fresh.dir, 'run', '--feed', 'replay', '--assets', 'SOL/USD', 'SOL/USD', '--iterations', '1']);
      expect(flag.code).toBe(2);
      expect(flag.stderr).toMatch(/assets \(from --assets\): .* SOL\/USD is listed more than once/);
      writeHomeConfig(fresh.dir, 'assets: [ETH/USD, SOL/USD, ETH/USD]\n');
      const file = await runBot(['--home', fresh.dir, 'run', '--feed', 'replay', '--iterations', '1']);
      expect(file.code).toBe(2);
      expect(file.stderr).toMatch(/default\.yaml:1: assets: .* ETH\/USD is listed more than once/);
      // No epoch, not even a database.
      expect(fs.existsSync(path.join(fresh.dir, 'bot.db'))).toBe(false);
    } finally {
      fresh.cleanup();
    }
  });

  it('refuses a config file that is a YAML alias bomb with exit 2, naming the file', async () => {
    const bomb = makeTempHome();
    try {
      writeHomeConfig(bomb.dir, aliasBombYaml());
      const r = await runBot(['--home', bomb.dir, 'run', '--feed', 'replay', '--iterations', '1']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`error: cannot read config file ${path.join(bomb.dir, 'config', 'default.yaml')}`);
      expect(r.stderr).not.toMatch(/internal error|at .*\.js:\d+/);
    } finally {
      bomb.cleanup();
    }
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

  it('a start that fails after taking the home lock releases it: the next start is not refused as another bot', async () => {
    const failed = makeTempHome();
    try {
      fs.writeFileSync(path.join(failed.dir, 'bot.db'), 'not a database\n'.repeat(100));
      const first = await runBot(['--home', failed.dir, 'run', '--feed', 'replay', '--assets', 'BTC/USD', '--iterations', '1']);
      expect(first.code).toBe(2);
      expect(first.stderr).toMatch(/is not a SQLite database/);
      expect(fs.existsSync(path.join(failed.dir, 'bot.lock'))).toBe(false);
      fs.rmSync(path.join(failed.dir, 'bot.db'));
      const next = await runBot(['--home', failed.dir, 'run', '--feed', 'replay', '--assets', 'BTC/USD', '--iterations', '1']);
      expect(next.stderr).not.toMatch(/another bot/);
      expect(next.stderr).toMatch(/no BTC\/USD 1h candles/);
    } finally {
      failed.cleanup();
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

describe.skipIf(!hasSharedData)(`--from on a portfolio that has already played bars ${hasSharedData ? '' : SHARED_DATA_MISSING}`, () => {
  const home = makeTempHome();
  const h = ['--home', home.dir];
  const replay = (...args: string[]) => runBot([...h, 'run', '--feed', 'replay', '--assets', 'SOL/USD', '--interval', '0', ...args]);
  const cursors = () => {
    const store = Store.open(path.join(home.dir, 'bot.db'), { readonly: true });
    try {
      return store.trading.epochs().map((e) => store.trading.cursors(e.id, '1h').get('SOL/USD'));
    } finally {
      store.close();
    }
  };
  afterAll(() => home.cleanup());
  beforeAll(async () => {
    const r = await runBot([...h, 'data', 'import', sharedFile('binance', 'SOL-USDT_1h.csv'), '--symbol', 'SOL/USD', '--timeframe', '1h']);
    expect(r.code, r.stderr).toBe(0);
  });

  it('continues on the same command (the start it was given), refuses another --from, and starts anew with --reset', async () => {
    const first = await replay('--from', '2024-01-01', '--iterations', '3');
    expect(first.code, first.stderr).toBe(0);
    // The same command again, as a supervisor would restart it: it continues, whatever form the date takes.
    expect((await replay('--from', '2024-01-01', '--iterations', '2')).code).toBe(0);
    expect((await replay('--from', '2023-12-31T23:30:00Z', '--iterations', '1')).code).toBe(0);
    expect(cursors()).toEqual([Date.parse('2024-01-01T05:00:00Z')]);

    const moved = await replay('--from', '2024-03-01', '--iterations', '1');
    expect(moved.code).toBe(2);
    expect(moved.stderr).toContain('--from 2024-03-01 00:00 does not apply: epoch 1 has already played SOL/USD from 2024-01-01 00:00 to 2024-01-01 05:00 UTC');
    expect(moved.stderr).toContain('--reset');
    expect(cursors()).toEqual([Date.parse('2024-01-01T05:00:00Z')]);

    const anew = await replay('--from', '2024-03-01', '--iterations', '1', '--reset');
    expect(anew.code, anew.stderr).toBe(0);
    expect(cursors()).toEqual([Date.parse('2024-01-01T05:00:00Z'), Date.parse('2024-03-01T00:00:00Z')]);
  });
});
