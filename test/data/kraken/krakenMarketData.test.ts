import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createKrakenClient, KrakenMarketData } from '../../../src/data/kraken/index.js';
import { FatalError, RetryableError, UserError } from '../../../src/internal/errors.js';
import { hasSharedData, SHARED_DATA_MISSING, type CsvBar } from '../../support/sharedData.js';
import { KrakenEmulator, usdCandles, type EmulatorCandles } from '../../support/kraken/index.js';

const HOUR = 3_600_000;
// Half past ten: the 10:00 bar is unfinished, the 09:00 bar is the last closed one.
const NOW = Date.parse('2025-06-01T10:30:00Z');

/** A port nobody listens on: bound once, then closed. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe.skipIf(!hasSharedData)(`KrakenMarketData against the Kraken emulator ${hasSharedData ? '' : SHARED_DATA_MISSING}`, () => {
  let emu: KrakenEmulator;
  const candles: EmulatorCandles = hasSharedData ? usdCandles(undefined, { fiveMinute: true }) : new Map();
  const source = (symbol: string): readonly CsvBar[] => candles.get(symbol)?.[60] ?? [];
  const client = (timeoutMs = 3000) => new KrakenMarketData(createKrakenClient({ apiUrl: emu.url, timeoutMs, enableRateLimit: false }));

  beforeAll(async () => {
    emu = await KrakenEmulator.start({ candles, now: NOW });
  });
  afterAll(async () => {
    await emu.close();
  });

  test('lists the three markets with their limits and margin', async () => {
    const markets = await client().markets();
    expect(markets).toEqual([
      { symbol: 'BTC/USD', base: 'BTC', quote: 'USD', pricePrecision: 1, amountPrecision: 8, minAmount: 0.0001, minCost: 0.5, maxLeverage: 5 },
      { symbol: 'ETH/USD', base: 'ETH', quote: 'USD', pricePrecision: 2, amountPrecision: 8, minAmount: 0.002, minCost: 0.5, maxLeverage: 5 },
      { symbol: 'SOL/USD', base: 'SOL', quote: 'USD', pricePrecision: 2, amountPrecision: 8, minAmount: 0.02, minCost: 0.5, maxLeverage: 3 },
    ]);
  });

  test('closedBars drops the unfinished bar and returns the source candles exactly', async () => {
    for (const symbol of ['SOL/USD', 'ETH/USD', 'BTC/USD']) {
      const bars = await client().closedBars(symbol, '1h', undefined, NOW);
      const last = bars.at(-1);
      expect(last?.time).toBe(Date.parse('2025-06-01T09:00:00Z'));
      const src = source(symbol);
      const start = src.findIndex((b) => b.time === bars[0]?.time);
      expect(bars).toEqual(src.slice(start, start + bars.length));
    }
    // The emulator did serve the unfinished 10:00 bar as its last row.
    const req = emu.requestsTo('public/OHLC').at(-1);
    expect(req?.params).toMatchObject({ pair: 'XXBTZUSD', interval: '60' });
  });

  test('Kraken serves only the 720 most recent bars, whatever since asks', async () => {
    const md = client();
    const recent = await md.closedBars('ETH/USD', '1h', undefined, NOW);
    expect(recent).toHaveLength(719);
    const fromLongAgo = await md.closedBars('ETH/USD', '1h', NOW - 2000 * HOUR, NOW);
    expect(fromLongAgo).toEqual(recent);
    expect(emu.requestsTo('public/OHLC').at(-1)?.params['since']).toBeDefined();
    const sinceWithin = await md.closedBars('ETH/USD', '1h', NOW - 5.5 * HOUR, NOW);
    expect(sinceWithin.map((b) => new Date(b.time).toISOString().slice(11, 16))).toEqual(['05:00', '06:00', '07:00', '08:00', '09:00']);
  });

  test('a bar closing after nowMs is not returned even when Kraken has closed it', async () => {
    const bars = await client().closedBars('SOL/USD', '1h', undefined, Date.parse('2025-06-01T09:59:59Z'));
    expect(bars.at(-1)?.time).toBe(Date.parse('2025-06-01T08:00:00Z'));
  });

  test('new bars appear as emulated time advances', async () => {
    const md = client();
    emu.setNow(NOW + 3 * HOUR);
    try {
      const bars = await md.closedBars('SOL/USD', '1h', undefined, NOW + 3 * HOUR);
      expect(bars.at(-1)?.time).toBe(Date.parse('2025-06-01T12:00:00Z'));
      expect(bars).toHaveLength(719);
    } finally {
      emu.setNow(NOW);
    }
  });

  test('5-minute bars come from the 5-minute files', async () => {
    const bars = await client().closedBars('ETH/USD', '5m', undefined, NOW);
    expect(bars).toHaveLength(719);
    // 10:30 is the bar opening at now: unfinished; 10:25 closed exactly at now.
    expect(bars.at(-1)?.time).toBe(Date.parse('2025-06-01T10:25:00Z'));
    const src = candles.get('ETH/USD')?.[5] ?? [];
    const start = src.findIndex((b) => b.time === bars[0]?.time);
    expect(bars).toEqual(src.slice(start, start + bars.length));
  });

  test('with a speed, emulated time runs on by itself', async () => {
    const fast = await KrakenEmulator.start({ candles, now: NOW, speed: 360_000 });
    try {
      const md = new KrakenMarketData(createKrakenClient({ apiUrl: fast.url, timeoutMs: 3000, enableRateLimit: false }));
      const first = (await md.closedBars('SOL/USD', '1h', undefined, fast.now())).at(-1)?.time ?? 0;
      let latest = first;
      for (let i = 0; i < 100 && latest === first; i++) {
        await new Promise((r) => setTimeout(r, 20));
        latest = (await md.closedBars('SOL/USD', '1h', undefined, fast.now())).at(-1)?.time ?? 0;
      }
      expect(latest).toBeGreaterThan(first);
      expect((latest - first) % HOUR).toBe(0);
    } finally {
      await fast.close();
    }
  });

  test('the ticker quotes the current bar: last trade inside the bar, bid below ask', async () => {
    const q = await client().ticker('SOL/USD');
    const current = source('SOL/USD').find((b) => b.time === Date.parse('2025-06-01T10:00:00Z'));
    expect(current).toBeDefined();
    expect(q.last).toBeGreaterThanOrEqual(current?.low ?? NaN);
    expect(q.last).toBeLessThanOrEqual(current?.high ?? NaN);
    expect(q.bid).toBeLessThan(q.ask);
    expect(q.bid).toBeLessThanOrEqual(q.last);
    expect(q.ask).toBeGreaterThanOrEqual(q.last);
  });

  test("trade pages follow Kraken's cursor: strictly after it, the next one is the last trade", async () => {
    const md = client();
    const from = Date.parse('2025-05-20T00:00:00Z');
    const first = await md.tradesPage('BTC/USD', String(BigInt(from) * 1_000_000n - 1n));
    expect(first.trades).toHaveLength(1000);
    expect(first.trades[0]?.time).toBeGreaterThanOrEqual(from);
    const second = await md.tradesPage('BTC/USD', first.next);
    expect(second.trades[0]?.time).toBeGreaterThan(first.trades.at(-1)?.time ?? Infinity);
    expect(BigInt(second.next)).toBeGreaterThan(BigInt(first.next));
    // Seconds are accepted as a cursor too, as on Kraken.
    const bySeconds = await md.tradesPage('BTC/USD', String(from / 1000));
    expect(bySeconds.trades[0]).toEqual(first.trades[0]);
  });

  test("an unknown symbol is the user's mistake", async () => {
    await expect(client().closedBars('DOGE/USD', '1h', undefined, NOW)).rejects.toBeInstanceOf(UserError);
  });

  test('a refused connection is retryable and names Kraken and the operation', async () => {
    const port = await closedPort();
    const md = new KrakenMarketData(createKrakenClient({ apiUrl: `http://127.0.0.1:${port}`, timeoutMs: 1000, enableRateLimit: false }));
    const err = await md.markets().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetryableError);
    expect((err as Error).message).toMatch(/^kraken unreachable while loading markets/);
  });

  test('a slow answer times out as retryable', async () => {
    emu.fault('public/Ticker', { delayMs: 1500, times: 1 });
    const md = client(300);
    await md.markets();
    const err = await md.ticker('ETH/USD').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetryableError);
    expect((err as Error).message).toMatch(/kraken did not answer in time while fetching the ticker of ETH\/USD/);
  });

  test.each([
    ['HTML page', '<html><body>Just a moment...</body></html>'],
    ['truncated JSON', '{"error":[],"result":{"XXBTZUSD":[[1748768400,"1'],
    ['empty body', ''],
    ['no result for the pair', '{"error":[],"result":{"last":0}}'],
  ])('a malformed 200 (%s) is an error, never an empty result', async (_name, body) => {
    const md = client();
    await md.markets();
    for (const route of ['public/OHLC', 'public/Ticker', 'public/Trades']) emu.fault(route, { body, times: 1 });
    await expect(md.closedBars('BTC/USD', '1h', undefined, NOW)).rejects.toThrow(/malformed answer while fetching 1h candles of BTC\/USD/);
    await expect(md.ticker('BTC/USD')).rejects.toThrow(/malformed answer while fetching the ticker/);
    await expect(md.tradesPage('BTC/USD', '1748000000000000000')).rejects.toThrow(/malformed answer while fetching trades/);
  });

  test('a malformed market list is an error', async () => {
    emu.fault('public/AssetPairs', { body: '{"error":[],"result":{}}', times: 1 });
    await expect(client().markets()).rejects.toThrow(/malformed answer while loading markets: no markets/);
  });

  test('a bar with high below its close is refused', async () => {
    const md = client();
    await md.markets();
    const row = (t: number, h: string) => [t, '100', h, '99', '101', '100', '5', 3];
    const t0 = Date.parse('2025-06-01T08:00:00Z') / 1000;
    emu.fault('public/OHLC', {
      body: JSON.stringify({ error: [], result: { SOLUSD: [row(t0, '102'), row(t0 + 3600, '100.5'), row(t0 + 7200, '102')], last: t0 } }),
      times: 1,
    });
    await expect(md.closedBars('SOL/USD', '1h', undefined, NOW)).rejects.toThrow(/row 1 .*low <= open, close <= high/);
  });

  test.each([
    ['EService:Unavailable', RetryableError, /kraken unavailable while/],
    ['EAPI:Rate limit exceeded', RetryableError, /kraken rate limit hit while/],
    ['EService:Market in cancel_only mode', RetryableError, /kraken is in maintenance while/],
    ['EQuery:Invalid asset pair', UserError, /does not know the market/],
  ])('Kraken error %s maps to %o', async (krakenError, type, message) => {
    const md = client();
    await md.markets();
    emu.fault('public/OHLC', { error: krakenError, times: 1 });
    const err = await md.closedBars('SOL/USD', '1h', undefined, NOW).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(type);
    expect((err as Error).message).toMatch(message);
  });

  test('HTTP 503 and 429 without a Kraken body are retryable', async () => {
    const md = client();
    await md.markets();
    emu.fault('public/Ticker', { status: 503, times: 1 });
    await expect(md.ticker('SOL/USD')).rejects.toBeInstanceOf(RetryableError);
    emu.fault('public/Ticker', { status: 429, times: 1 });
    await expect(md.ticker('SOL/USD')).rejects.toThrow(/rate limit/);
    await expect(md.ticker('SOL/USD')).resolves.toMatchObject({ last: expect.any(Number) });
  });
});

describe.skipIf(!hasSharedData)('Kraken emulator private endpoints', () => {
  const secret = Buffer.from('emulator secret for tests only, not a real key').toString('base64');
  let emu: KrakenEmulator;

  beforeAll(async () => {
    emu = await KrakenEmulator.start({ candles: usdCandles(['SOL/USD']), now: NOW, credentials: { apiKey: 'test-key', secret } });
    emu.route('private/BalanceEx', () => ({ ZUSD: { balance: '2500.0000', hold_trade: '100.0000' } }));
  });
  afterAll(async () => {
    await emu.close();
  });

  const signedClient = (apiKey: string, key: string) => {
    const c = createKrakenClient({ apiUrl: emu.url, timeoutMs: 2000, enableRateLimit: false });
    c.apiKey = apiKey;
    c.secret = key;
    return c;
  };

  test('checks the HMAC signature of private calls as Kraken does', async () => {
    const balance = await signedClient('test-key', secret).fetchBalance();
    expect(balance['USD']).toMatchObject({ total: 2500, used: 100, free: 2400 });
    const post = emu.requestsTo('private/BalanceEx').at(-1);
    expect(post?.method).toBe('POST');
    expect(post?.params['nonce']).toMatch(/^\d+$/);

    const wrongSecret = Buffer.from('another secret').toString('base64');
    await expect(signedClient('test-key', wrongSecret).fetchBalance()).rejects.toThrow(/EAPI:Invalid signature/);
    await expect(signedClient('other-key', secret).fetchBalance()).rejects.toThrow(/EAPI:Invalid key/);
  });

  test('unknown methods are refused', async () => {
    await expect(signedClient('test-key', secret).fetchOpenOrders()).rejects.toThrow(/Unknown method/);
  });

  test('mapped, a bad key is fatal, not retryable', async () => {
    const { mapExchangeError } = await import('../../../src/data/exchangeErrors.js');
    const err = await signedClient('other-key', secret)
      .fetchBalance()
      .catch((e: unknown) => mapExchangeError(e, 'fetching the balance'));
    expect(err).toBeInstanceOf(FatalError);
    expect(err.message).toMatch(/kraken refused the API key while fetching the balance/);
  });
});
