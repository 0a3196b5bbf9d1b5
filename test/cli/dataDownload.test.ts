import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EXIT } from '../../src/internal/errors.js';
import { Store } from '../../src/store/store.js';
import { runBot } from '../support/cli.js';
import { KrakenEmulator, usdCandles, type EmulatorCandles } from '../support/kraken/index.js';
import { hasSharedData, SHARED_DATA_MISSING } from '../support/sharedData.js';
import { makeTempHome, writeHomeConfig } from '../support/tempHome.js';

const HOUR = 3_600_000;
const NOW = Date.parse('2025-06-01T10:30:00Z');
const LAST_CLOSED = Date.parse('2025-06-01T09:00:00Z');

describe.skipIf(!hasSharedData)(`bot data download ${hasSharedData ? '' : SHARED_DATA_MISSING}`, () => {
  const candles: EmulatorCandles = hasSharedData ? usdCandles(['SOL/USD', 'ETH/USD']) : new Map();
  let emu: KrakenEmulator;
  let home: ReturnType<typeof makeTempHome>;

  beforeAll(async () => {
    emu = await KrakenEmulator.start({ candles, now: NOW });
    home = makeTempHome();
    writeHomeConfig(home.dir, `exchange: { apiUrl: "${emu.url}", timeoutMs: 2000 }\n`);
  });
  afterAll(async () => {
    await emu.close();
    home.cleanup();
  });

  test("downloads from a date before Kraken's 720 bars, stores them and prints a summary per asset", async () => {
    const r = await runBot(['--home', home.dir, 'data', 'download', '--assets', 'SOL/USD', 'ETH/USD', '--since', '2025-05-01']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^SOL\/USD 1h: \d+ bars written \(2025-05-01 00:00 \.\. 2025-06-01 09:00 UTC\), 1 trade page; \d+ stored/);
    expect(lines[1]).toMatch(/^ETH\/USD 1h: /);
    const store = Store.open(path.join(home.dir, 'bot.db'), { readonly: true });
    try {
      for (const symbol of ['SOL/USD', 'ETH/USD']) {
        const stored = store.candles.range(symbol, '1h');
        const from = Date.parse('2025-05-01T00:00:00Z');
        const source = (candles.get(symbol)?.[60] ?? []).filter((b) => b.time >= from && b.time <= LAST_CLOSED);
        expect(stored.map((b) => [b.time, b.open, b.high, b.low, b.close])).toEqual(source.map((b) => [b.time, b.open, b.high, b.low, b.close]));
      }
    } finally {
      store.close();
    }
  });

  test('without --since it takes the 720 bars Kraken serves (JSON output)', async () => {
    const other = makeTempHome();
    try {
      writeHomeConfig(other.dir, `exchange: { apiUrl: "${emu.url}" }\n`);
      const r = await runBot(['--home', other.dir, 'data', 'download', '--assets', 'SOL/USD', '--json']);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({
        symbol: 'SOL/USD',
        timeframe: '1h',
        barsWritten: 719,
        pages: 0,
        complete: true,
        from: new Date(LAST_CLOSED - 718 * HOUR).toISOString(),
        to: new Date(LAST_CLOSED).toISOString(),
        stored: { count: 719 },
      });
    } finally {
      other.cleanup();
    }
  });

  test('an asset Kraken does not list is a usage error naming the known markets', async () => {
    const r = await runBot(['--home', home.dir, 'data', 'download', '--assets', 'SOL/USD', 'DOGE/USD']);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toContain('unknown asset DOGE/USD');
    expect(r.stderr).toContain('BTC/USD, ETH/USD, SOL/USD');
  });

  test('an unknown timeframe is a usage error', async () => {
    const r = await runBot(['--home', home.dir, 'data', 'download', '--assets', 'SOL/USD', '--timeframe', '2h']);
    expect(r.code).toBe(EXIT.usage);
    expect(r.stderr).toMatch(/--timeframe/);
  });

  test('Kraken failing mid-download: exit 75 and a second run completes it', async () => {
    const other = makeTempHome();
    try {
      writeHomeConfig(other.dir, `exchange: { apiUrl: "${emu.url}" }\n`);
      emu.fault('public/Trades', { error: 'EService:Unavailable', times: 1 });
      const failed = await runBot(['--home', other.dir, 'data', 'download', '--assets', 'ETH/USD', '--since', '2025-04-25']);
      expect(failed.code).toBe(EXIT.retryable);
      expect(failed.stderr).toMatch(/error: kraken unavailable while fetching trades of ETH\/USD/);
      expect(failed.stderr).toMatch(/run the same command again to resume/);
      const again = await runBot(['--home', other.dir, 'data', 'download', '--assets', 'ETH/USD', '--since', '2025-04-25']);
      expect(again.code).toBe(0);
      expect(again.stdout).toMatch(/^ETH\/USD 1h: \d+ bars written \(2025-04-25 00:00 \.\. 2025-06-01 09:00 UTC\)/);
    } finally {
      other.cleanup();
    }
  });

  test('Kraken unreachable: exit 75, naming Kraken and what to do', async () => {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const offline = makeTempHome();
    try {
      writeHomeConfig(offline.dir, `exchange: { apiUrl: "http://127.0.0.1:${port}", timeoutMs: 1000 }\n`);
      const r = await runBot(['--home', offline.dir, 'data', 'download', '--assets', 'SOL/USD']);
      expect(r.code).toBe(EXIT.retryable);
      expect(r.stderr).toMatch(/error: kraken unreachable while loading markets/);
      expect(r.stderr).toMatch(/check the network connection/);
      expect(r.stderr).toMatch(/--feed replay/);
    } finally {
      offline.cleanup();
    }
  });
});
