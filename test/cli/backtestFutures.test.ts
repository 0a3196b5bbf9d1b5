import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBot } from '../support/cli.js';
import { importBinanceHours } from '../support/importShared.js';
import { FAST_STRATEGY_YAML } from '../support/fastStrategy.js';
import { usdCandles } from '../support/kraken/index.js';
import { fundingFixture, KrakenFuturesEmulator } from '../support/krakenFutures/index.js';
import { hasSharedData, SHARED_DATA_MISSING } from '../support/sharedData.js';
import { makeTempHome, writeHomeConfig } from '../support/tempHome.js';

interface Summary {
  venue: string;
  fees: number;
  fundingPaid: number;
  fundingReceived: number;
  candles: Record<string, { series: string; source: string | null; standIn: boolean }>;
  warnings: string[];
  costs: { tradedNotional: number; financing: number };
  dir: string;
}

const NOW = Date.parse('2025-06-01T10:30:00Z');

describe.skipIf(!hasSharedData)(`bot backtest --venue kraken-futures ${hasSharedData ? '' : SHARED_DATA_MISSING}`, () => {
  const home = makeTempHome();
  const h = ['--home', home.dir];
  const period = ['--assets', 'SOL/USD', '--from', '2025-04-01', '--to', '2025-05-01', '--json'];
  let emu: KrakenFuturesEmulator;
  const backtest = async (venue: string): Promise<Summary> => {
    const r = await runBot([...h, 'backtest', '--venue', venue, ...period]);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as Summary;
  };

  beforeAll(async () => {
    emu = await KrakenFuturesEmulator.start({
      candles: usdCandles(['SOL/USD']),
      now: NOW,
      funding: new Map([['PF_SOLUSD', fundingFixture(Date.parse('2025-01-01T00:00:00Z'), NOW)]]),
    });
    writeHomeConfig(home.dir, `${FAST_STRATEGY_YAML}exchange: { futuresApiUrl: "${emu.url}" }\n`);
    await importBinanceHours(home.dir, 'SOL/USD');
  });
  afterAll(async () => {
    await emu.close();
    home.cleanup();
  });

  it('on spot candles alone: says they stand in for the perpetual and that funding used the configured rate; futures fees and leverage', async () => {
    const s = await backtest('kraken-futures');
    expect(s.venue).toBe('kraken-futures');
    expect(s.candles['SOL/USD']).toEqual({ series: 'SOL/USD', source: 'binance', standIn: true });
    expect(s.warnings.some((w) => w.includes("the spot series (source binance) stands in for the perpetual's prices"))).toBe(true);
    expect(s.warnings.some((w) => w.startsWith("funding: every one of the run's funding charges used the configured rate"))).toBe(true);
    expect(s.fundingPaid + s.fundingReceived).toBeGreaterThan(0);
    expect(s.costs.financing).toBeCloseTo(s.fundingPaid - s.fundingReceived, 6);
    // Fees per traded notional between the futures maker (0.02%) and taker (0.05%) rates.
    const rate = s.fees / s.costs.tradedNotional;
    expect(rate).toBeGreaterThanOrEqual(0.0002 - 1e-12);
    expect(rate).toBeLessThanOrEqual(0.0005 + 1e-12);
    // trades.csv has the leverage of each trade: within the contract's 50x, above spot margin's 3x where the stop allows.
    const rows = fs.readFileSync(path.join(s.dir, 'trades.csv'), 'utf8').trim().split('\n');
    const col = rows[0]?.split(',').indexOf('leverage') ?? -1;
    const leverage = rows.slice(1).map((r) => Number(r.split(',')[col]));
    expect(leverage.length).toBeGreaterThan(0);
    expect(Math.max(...leverage)).toBeLessThanOrEqual(50);
    expect(Math.max(...leverage)).toBeGreaterThan(5);
    // report.html says it too.
    const html = fs.readFileSync(path.join(s.dir, 'report.html'), 'utf8');
    expect(html).toContain('Venue kraken-futures');
    expect(html).toContain('stands in for the perpetual&#39;s prices');
  });

  it("with the perpetual's candles and funding downloaded: reads them, charges the exchange's rates, warns of nothing", async () => {
    const d = await runBot([...h, 'data', 'download', '--venue', 'kraken-futures', '--assets', 'SOL/USD', '--since', '2025-03-01']);
    expect(d.code, d.stderr).toBe(0);
    const s = await backtest('kraken-futures');
    expect(s.candles['SOL/USD']).toEqual({ series: 'SOL/USD:USD', source: 'kraken-futures-api', standIn: false });
    expect(s.warnings).toEqual([]);
    expect(s.fundingPaid + s.fundingReceived).toBeGreaterThan(0);
  });

  it('the same home on spot: no funding, spot fees, the spot series', async () => {
    const s = await backtest('kraken-spot');
    expect(s.venue).toBe('kraken-spot');
    expect(s.fundingPaid).toBe(0);
    expect(s.fundingReceived).toBe(0);
    expect(s.candles['SOL/USD']).toEqual({ series: 'SOL/USD', source: 'binance', standIn: false });
    expect(s.fees / s.costs.tradedNotional).toBeGreaterThanOrEqual(0.0016 - 1e-12);
  });
});
