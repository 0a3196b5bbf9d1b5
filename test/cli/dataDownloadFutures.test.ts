import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { EXIT } from '../../src/internal/errors.js';
import { Store } from '../../src/store/store.js';
import { runBot } from '../support/cli.js';
import { importBinanceHours } from '../support/importShared.js';
import { usdCandles, type EmulatorCandles } from '../support/kraken/index.js';
import { fundingFixture, KrakenFuturesApiError, KrakenFuturesEmulator, type FuturesRouteHandler } from '../support/krakenFutures/index.js';
import { hasSharedData, SHARED_DATA_MISSING } from '../support/sharedData.js';
import { makeTempHome, writeHomeConfig } from '../support/tempHome.js';

const H = 3_600_000;
const NOW = Date.parse('2025-06-01T10:30:00Z');
const LAST_CLOSED = Date.parse('2025-06-01T09:00:00Z');
const FUNDING_FROM = Date.parse('2023-01-01T00:00:00Z');

describe.skipIf(!hasSharedData)(`bot data download --venue kraken-futures ${hasSharedData ? '' : SHARED_DATA_MISSING}`, () => {
  const candles: EmulatorCandles = hasSharedData ? usdCandles(['SOL/USD', 'BTC/USD']) : new Map();
  const fixture = fundingFixture(FUNDING_FROM, NOW + 24 * H);
  let emu: KrakenFuturesEmulator;
  let home: ReturnType<typeof makeTempHome>;
  const open = () => Store.open(path.join(home.dir, 'bot.db'), { readonly: true });

  beforeAll(async () => {
    emu = await KrakenFuturesEmulator.start({
      candles,
      now: NOW,
      funding: new Map([
        ['PF_SOLUSD', fixture],
        ['PF_XBTUSD', fixture],
      ]),
    });
    home = makeTempHome();
    writeHomeConfig(home.dir, `exchange: { futuresApiUrl: "${emu.url}", timeoutMs: 5000 }\n`);
    // A spot series of SOL/USD from another source: the perpetual's download must leave it alone.
    await importBinanceHours(home.dir, 'SOL/USD');
  });
  afterAll(async () => {
    await emu.close();
    home.cleanup();
  });

  test("stores each perpetual's candles and funding under its own series, with their source, beside the spot series", async () => {
    const r = await runBot(['--home', home.dir, 'data', 'download', '--venue', 'kraken-futures', '--assets', 'SOL/USD', 'BTC/USD', '--since', '2025-03-01']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(
      /^SOL\/USD 1h perpetual PF_SOLUSD \(series SOL\/USD:USD\): \d+ bars written \(2025-03-01 00:00 \.\. 2025-06-01 09:00 UTC\), 1 chunk; \d+ stored .*; funding: \d+ hourly rates stored/,
    );
    expect(lines[1]).toMatch(/^BTC\/USD 1h perpetual PF_XBTUSD/);
    const store = open();
    try {
      const from = Date.parse('2025-03-01T00:00:00Z');
      const source = (candles.get('SOL/USD')?.[60] ?? []).filter((b) => b.time >= from && b.time <= LAST_CLOSED);
      expect(store.candles.range('SOL/USD:USD', '1h').map((b) => [b.time, b.close])).toEqual(source.map((b) => [b.time, b.close]));
      expect(store.candles.sourceOf('SOL/USD:USD', '1h')).toBe('kraken-futures-api');
      // The spot series is as imported: never spliced with the perpetual's bars.
      expect(store.candles.sourceOf('SOL/USD', '1h')).toBe('binance');
      expect(store.candles.summary('SOL/USD', '1h').count).toBe(42_814);
      // Funding from --since on, as the exchange published it (test fixture rates), on the hours' starts.
      const rates = store.funding.range('SOL/USD:USD');
      expect(rates.map((x) => [x.time, x.rate])).toEqual(fixture.filter((x) => x.time >= from && x.time <= NOW).map((x) => [x.time, x.relative]));
      expect(store.funding.summary('SOL/USD:USD').source).toBe('kraken-futures-api');
      // The markets as Kraken Futures lists them: precision, minimum, contract, margin levels.
      const market = store.db.prepare("SELECT info FROM markets WHERE exchange = 'krakenfutures' AND symbol = 'SOL/USD'").get() as { info: string };
      expect(JSON.parse(market.info)).toMatchObject({ minAmount: 0.01, maxLeverage: 50, perpetual: { id: 'PF_SOLUSD', contractSize: 1 } });
    } finally {
      store.close();
    }
    // bot data check --venue kraken-futures reads the perpetual's series and its funding.
    const check = await runBot(['--home', home.dir, 'data', 'check', '--symbol', 'SOL/USD', '--timeframe', '1h', '--venue', 'kraken-futures', '--json']);
    expect(check.code, check.stderr).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({
      symbol: 'SOL/USD:USD',
      source: 'kraken-futures-api',
      funding: { source: 'kraken-futures-api', first: '2025-03-01T00:00:00.000Z' },
    });
  });

  test('an interrupted download stops with exit 75, keeps what it stored, and the same command resumes it without a gap', async () => {
    const other = makeTempHome();
    const charts = emu.handler('charts') as FuturesRouteHandler;
    let served = 0;
    // The charts API goes away after the first chunk's five calls (ccxt's own retries meet the same).
    emu.route('charts', (req, e) => {
      if (++served > 5) throw new KrakenFuturesApiError('unavailable', 503);
      return charts(req, e);
    });
    try {
      writeHomeConfig(other.dir, `exchange: { futuresApiUrl: "${emu.url}", timeoutMs: 5000 }\n`);
      const args = ['--home', other.dir, 'data', 'download', '--venue', 'kraken-futures', '--assets', 'SOL/USD', '--since', '2024-01-01', '--json'];
      const first = await runBot(args);
      expect(first.code).toBe(EXIT.retryable);
      expect(first.stderr).toMatch(/resume where it stopped/);
      let store = Store.open(path.join(other.dir, 'bot.db'), { readonly: true });
      const kept = store.candles.summary('SOL/USD:USD', '1h');
      store.close();
      expect(kept.count).toBe(10_000);
      emu.route('charts', charts);
      const second = await runBot(args);
      expect(second.code, second.stderr).toBe(0);
      const out = JSON.parse(second.stdout) as Record<string, unknown>;
      expect(out).toMatchObject({
        complete: true,
        resumedFrom: new Date(Date.parse('2024-01-01T00:00:00Z') + 10_000 * H).toISOString(),
        to: new Date(LAST_CLOSED).toISOString(),
      });
      store = Store.open(path.join(other.dir, 'bot.db'), { readonly: true });
      try {
        const from = Date.parse('2024-01-01T00:00:00Z');
        const source = (candles.get('SOL/USD')?.[60] ?? []).filter((b) => b.time >= from && b.time <= LAST_CLOSED);
        expect(store.candles.range('SOL/USD:USD', '1h').map((b) => b.time)).toEqual(source.map((b) => b.time));
      } finally {
        store.close();
      }
    } finally {
      emu.route('charts', charts);
      other.cleanup();
    }
  });

  test('an asset without a perpetual, and --replace, are usage errors', async () => {
    const unknown = await runBot(['--home', home.dir, 'data', 'download', '--venue', 'kraken-futures', '--assets', 'DOGE/USD']);
    expect(unknown.code).toBe(EXIT.usage);
    expect(unknown.stderr).toContain('unknown asset DOGE/USD');
    expect(unknown.stderr).toContain('BTC/USD, ETH/USD, SOL/USD');
    const replace = await runBot(['--home', home.dir, 'data', 'download', '--venue', 'kraken-futures', '--replace']);
    expect(replace.code).toBe(EXIT.usage);
    expect(replace.stderr).toMatch(/--replace does not apply to --venue kraken-futures/);
  });
});
