import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKrakenFuturesClient, KrakenFuturesMarketData } from '../../../src/data/krakenFutures/index.js';
import { RetryableError } from '../../../src/internal/errors.js';
import { usdCandles, type EmulatorCandles } from '../../support/kraken/index.js';
import { fundingFixture, KrakenFuturesEmulator } from '../../support/krakenFutures/index.js';
import { hasSharedData, SHARED_DATA_MISSING } from '../../support/sharedData.js';

const H = 3_600_000;
const NOW = Date.parse('2025-06-01T10:30:00Z');
const FUNDING_FROM = Date.parse('2025-05-01T00:00:00Z');

describe.skipIf(!hasSharedData)(`KrakenFuturesMarketData against the emulator, through ccxt krakenfutures ${hasSharedData ? '' : SHARED_DATA_MISSING}`, () => {
  const candles: EmulatorCandles = hasSharedData ? usdCandles(['SOL/USD', 'BTC/USD']) : new Map();
  let emu: KrakenFuturesEmulator;
  let data: KrakenFuturesMarketData;

  beforeAll(async () => {
    emu = await KrakenFuturesEmulator.start({ candles, now: NOW, funding: new Map([['PF_XBTUSD', fundingFixture(FUNDING_FROM, NOW + 10 * H)]]) });
    data = new KrakenFuturesMarketData(createKrakenFuturesClient({ apiUrl: emu.url, timeoutMs: 5000, enableRateLimit: false }));
  });
  afterAll(async () => emu.close());

  it("lists the USD perpetuals as the bot's symbols, with precision, minimum, contract size and margin levels", async () => {
    const markets = await data.markets();
    expect(markets.map((m) => m.symbol)).toEqual(['BTC/USD', 'ETH/USD', 'SOL/USD']);
    const btc = markets[0];
    expect(btc).toMatchObject({ base: 'BTC', quote: 'USD', pricePrecision: 0, amountPrecision: 4, minAmount: 0.0001, minCost: 0, maxLeverage: 50 });
    expect(btc?.perpetual).toMatchObject({ id: 'PF_XBTUSD', unifiedSymbol: 'BTC/USD:USD', contractSize: 1 });
    expect(btc?.perpetual?.marginLevels.slice(0, 2)).toEqual([
      { fromNotional: 0, initialMargin: 0.02, maintenanceMargin: 0.01 },
      { fromNotional: 1_000_000, initialMargin: 0.04, maintenanceMargin: 0.02 },
    ]);
    expect(markets[2]).toMatchObject({ pricePrecision: 2, amountPrecision: 2, minAmount: 0.01 });
  });

  it('pages the charts API past 2,000 candles (ccxt paginate) and returns the closed ones, oldest first', async () => {
    await data.markets();
    const from = Date.parse('2025-01-01T00:00:00Z');
    const before = emu.requestsTo('charts').length;
    const bars = await data.candles('SOL/USD', '1h', from, NOW + H, NOW);
    const calls = emu.requestsTo('charts').slice(before);
    expect(calls.length).toBe(2);
    expect(calls.every((c) => c.params['price_type'] === 'trade' && c.params['symbol'] === 'PF_SOLUSD' && c.params['interval'] === '1h')).toBe(true);
    const source = (candles.get('SOL/USD')?.[60] ?? []).filter((b) => b.time >= from && b.time + H <= NOW);
    expect(bars.length).toBeGreaterThan(2000);
    expect(bars.map((b) => [b.time, b.open, b.high, b.low, b.close])).toEqual(source.map((b) => [b.time, b.open, b.high, b.low, b.close]));
  });

  it('reads the funding history as the relative rate of each hourly period, up to now', async () => {
    await data.markets();
    const rates = await data.fundingHistory('BTC/USD', undefined, H);
    const fixture = fundingFixture(FUNDING_FROM, NOW + 10 * H).filter((r) => r.time <= NOW);
    expect(rates.map((r) => [r.time, r.rate])).toEqual(fixture.map((r) => [r.time, r.relative]));
    const since = Date.parse('2025-05-20T00:00:00Z');
    expect((await data.fundingHistory('BTC/USD', since, H))[0]?.time).toBe(since);
  });

  it('a funding answer without its rates is a malformed answer, tried again, not a crash', async () => {
    await data.markets();
    emu.fault('public/historicalfundingrates', { body: JSON.stringify({ result: 'success', serverTime: new Date(NOW).toISOString() }), times: 1 });
    await expect(data.fundingHistory('BTC/USD', FUNDING_FROM, H)).rejects.toBeInstanceOf(RetryableError);
    expect((await data.fundingHistory('BTC/USD', FUNDING_FROM, H)).length).toBeGreaterThan(0);
  });

  it('an instruments answer without its instruments (markets or margin levels) is a malformed answer, tried again, not a crash', async () => {
    const client = new KrakenFuturesMarketData(createKrakenFuturesClient({ apiUrl: emu.url, timeoutMs: 5000, enableRateLimit: false }));
    const empty = { body: JSON.stringify({ result: 'success', serverTime: new Date(NOW).toISOString() }), times: 1 };
    // Loading the markets reads the instruments first.
    emu.fault('public/instruments', empty);
    await expect(client.markets()).rejects.toBeInstanceOf(RetryableError);
    expect((await client.markets()).map((m) => m.symbol)).toEqual(['BTC/USD', 'ETH/USD', 'SOL/USD']);
    // The markets loaded, the margin levels (fetchLeverageTiers) read them again.
    emu.fault('public/instruments', empty);
    await expect(client.markets()).rejects.toBeInstanceOf(RetryableError);
    expect((await client.markets()).map((m) => m.symbol)).toEqual(['BTC/USD', 'ETH/USD', 'SOL/USD']);
  });

  it('polls the latest closed candles for the exchange feed', async () => {
    await data.markets();
    const bars = await data.closedBars('BTC/USD', '1h', undefined, NOW);
    expect(bars.at(-1)?.time).toBe(Date.parse('2025-06-01T09:00:00Z'));
    const since = await data.closedBars('BTC/USD', '1h', Date.parse('2025-06-01T05:00:00Z'), NOW);
    expect(since.map((b) => new Date(b.time).toISOString().slice(11, 13))).toEqual(['05', '06', '07', '08', '09']);
  });
});
