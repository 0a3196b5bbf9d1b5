import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { UserError } from '../../src/internal/errors.js';
import { requireSecureLiveUrl } from '../../src/runtime/exchangeConnection.js';
import { runBot } from '../support/cli.js';
import { makeTempHome, writeHomeConfig } from '../support/tempHome.js';

const KEY = 'refusal-test-key-000001';
const SECRET = Buffer.from('refusal test secret, emulator only').toString('base64');
const NO_KEYS = { KRAKEN_API_KEY: '', KRAKEN_API_SECRET: '' };

describe('bot run --live refuses before anything is read or sent', () => {
  const homes: { cleanup: () => void }[] = [];
  const home = (): string => {
    const h = makeTempHome();
    homes.push(h);
    return h.dir;
  };
  afterEach(() => {
    for (const h of homes.splice(0)) h.cleanup();
  });

  it('without both keys in the environment: exit 2 naming the missing variable', async () => {
    const dir = home();
    const none = await runBot(['--home', dir, 'run', '--live', '--yes'], NO_KEYS);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--live needs KRAKEN_API_KEY and KRAKEN_API_SECRET in the environment/);

    const noSecret = await runBot(['--home', dir, 'run', '--live', '--yes'], { ...NO_KEYS, KRAKEN_API_KEY: KEY });
    expect(noSecret.code).toBe(2);
    expect(noSecret.stderr).toMatch(/--live needs KRAKEN_API_SECRET in the environment/);
    expect(noSecret.stderr).not.toContain('KRAKEN_API_KEY and');
    expect(noSecret.stderr).not.toContain(KEY);
    expect(fs.existsSync(path.join(dir, 'bot.db'))).toBe(false);
  });

  it('without --yes and no terminal to ask on: exit 2, telling to pass --yes', async () => {
    const dir = home();
    const r = await runBot(['--home', dir, 'run', '--live'], { KRAKEN_API_KEY: KEY, KRAKEN_API_SECRET: SECRET });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('needs a confirmation');
    expect(r.stderr).toContain('pass --yes');
    expect(fs.existsSync(path.join(dir, 'bot.db'))).toBe(false);
  });

  it('with --feed replay or --sandbox: exit 2', async () => {
    const keys = { KRAKEN_API_KEY: KEY, KRAKEN_API_SECRET: SECRET };
    const replay = await runBot(['--home', home(), 'run', '--live', '--yes', '--feed', 'replay'], keys);
    expect(replay.code).toBe(2);
    expect(replay.stderr).toContain('--live cannot trade a replay (--feed replay)');
    const both = await runBot(['--home', home(), 'run', '--live', '--sandbox', '--yes'], keys);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--live and --sandbox cannot be used together');
  });

  it('exits 75 (try again later) when the exchange cannot be reached at start-up within --retry-budget', async () => {
    const dir = home();
    // Port 1 on loopback: nothing listens, every connection is refused at once.
    writeHomeConfig(dir, 'exchange:\n  apiUrl: http://127.0.0.1:1\n  timeoutMs: 1000\n');
    const r = await runBot(['--home', dir, 'run', '--live', '--yes', '--retry-budget', '1'], { KRAKEN_API_KEY: KEY, KRAKEN_API_SECRET: SECRET });
    expect(r.code).toBe(75);
    expect(r.stderr).toMatch(/kraken/);
    expect(r.stderr).not.toContain('LIVE TRADING');
  });

  it('plain http to another machine as exchange.apiUrl: exit 2 before anything is opened or sent; loopback and https pass', async () => {
    const dir = home();
    writeHomeConfig(dir, 'exchange:\n  apiUrl: http://api.example.com:8080\n');
    const r = await runBot(['--home', dir, 'run', '--live', '--yes'], { KRAKEN_API_KEY: KEY, KRAKEN_API_SECRET: SECRET });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('exchange.apiUrl http://api.example.com:8080 is plain http to another machine');
    expect(r.stderr).toContain('https://');
    expect(r.stderr).not.toContain('LIVE TRADING');
    expect(fs.existsSync(path.join(dir, 'bot.db'))).toBe(false);

    for (const url of ['http://10.0.0.5', 'http://127.0.0.1.example.com', 'http://localhost.example.com:80', 'http://[::2]:9000']) {
      expect(() => requireSecureLiveUrl(url), url).toThrow(UserError);
    }
    for (const url of [null, 'https://api.example.com', 'http://127.0.0.1:40123', 'http://127.8.9.10', 'http://localhost:3000', 'http://[::1]:3000']) {
      expect(() => requireSecureLiveUrl(url), String(url)).not.toThrow();
    }
  });

  it('a key or secret in a config file is refused by name, and its value is not repeated', async () => {
    const dir = home();
    writeHomeConfig(dir, `exchange:\n  apiKey: ${KEY}\n  secret: ${SECRET}\n`);
    const r = await runBot(['--home', dir, 'run', '--live', '--yes'], { KRAKEN_API_KEY: KEY, KRAKEN_API_SECRET: SECRET });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('exchange.apiKey');
    expect(r.stderr).toContain('exchange.secret');
    expect(r.stderr).toContain('credentials are never read from a config file');
    expect(r.stderr).not.toContain(KEY);
    expect(r.stderr).not.toContain(SECRET);
    // The config loader itself names the keys without their values (no log scrubbing involved).
    const refused = (() => {
      try {
        loadConfig(path.join(dir, 'config', 'default.yaml'));
        return undefined;
      } catch (err) {
        return err;
      }
    })();
    expect(refused).toBeInstanceOf(UserError);
    expect((refused as Error).message).toMatch(/exchange\.apiKey: "\[redacted\]" is not allowed: credentials are never read from a config file/);
    expect((refused as Error).message).not.toContain(KEY);
    expect((refused as Error).message).not.toContain(SECRET);
  });
});
