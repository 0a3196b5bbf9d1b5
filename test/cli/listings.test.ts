import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runBot } from '../support/cli.js';
import { importBinanceHours } from '../support/importShared.js';
import { hasSharedData, SHARED_DATA_MISSING, sharedFile } from '../support/sharedData.js';
import { makeTempHome, writeHomeConfig } from '../support/tempHome.js';

const seriesJson = z.object({
  series: z.array(
    z.object({
      symbol: z.string(),
      timeframe: z.string(),
      source: z.string(),
      first: z.string(),
      last: z.string(),
      bars: z.number(),
      gaps: z.number(),
      missingBars: z.number(),
    }),
  ),
});
const tradesJson = z.object({
  epoch: z.number(),
  mode: z.string(),
  trades: z.array(
    z.object({
      status: z.enum(['closed', 'open']),
      positionId: z.string(),
      symbol: z.string(),
      pnl: z.number(),
      fees: z.number(),
      financing: z.number(),
      net: z.number(),
      entryTime: z.string(),
      exitTime: z.string().nullable(),
    }),
  ),
});

/**
 * A paper replay of real SOL candles at leverage 3 (the confidence mode's default, capped by the venue), so
 * that its trades pay margin financing as well as fees; and an ETH series with a hole of three bars.
 */
describe.skipIf(!hasSharedData)(`bot data list and bot trades on a home the bot traded in ${hasSharedData ? '' : SHARED_DATA_MISSING}`, () => {
  const home = makeTempHome('bot-listings-');
  const h = ['--home', home.dir];
  afterAll(home.cleanup);
  beforeAll(async () => {
    writeHomeConfig(home.dir, 'assets: [SOL/USD]\nrisk:\n  leverageMode: confidence\n');
    await importBinanceHours(home.dir, 'SOL/USD');
    const lines = fs.readFileSync(sharedFile('binance', 'ETH-USDT_1h.csv'), 'utf8').split('\n').slice(0, 201);
    const holed = [...lines.slice(0, 100), ...lines.slice(103)];
    const eth = path.join(home.dir, 'eth.csv');
    fs.writeFileSync(eth, `${holed.join('\n')}\n`);
    const imported = await runBot([...h, 'data', 'import', eth, '--symbol', 'ETH/USD', '--timeframe', '1h']);
    expect(imported.code, imported.stderr).toBe(0);
    const ran = await runBot([...h, 'run', '--feed', 'replay', '--from', '2024-01-01', '--iterations', '700', '--interval', '0']);
    expect(ran.code, ran.stderr).toBe(0);
  }, 120_000);

  it('data list: every series with its source, first and last bar, bars and gaps', async () => {
    const r = await runBot([...h, 'data', 'list', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const { series } = seriesJson.parse(JSON.parse(r.stdout));
    expect(series.map((s) => [s.symbol, s.timeframe, s.source])).toEqual([
      ['ETH/USD', '1h', 'csv'],
      ['SOL/USD', '1h', 'binance'],
    ]);
    expect(series[0]).toMatchObject({ bars: 197, gaps: 1, missingBars: 3 });
    expect(series[1]).toMatchObject({ first: '2020-08-11T06:00:00.000Z', last: '2025-06-30T23:00:00.000Z', gaps: 10, missingBars: 20 });
    const text = await runBot([...h, 'data', 'list']);
    expect(text.stdout).toMatch(/^ETH\/USD +1h +csv +2017-08-17 04:00 .* 197 +1 \(3\)$/m);
  });

  it('trades: closed trades and open positions, each with its own fees and financing, as the books hold them', async () => {
    const r = await runBot([...h, 'trades', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const { trades, mode } = tradesJson.parse(JSON.parse(r.stdout));
    expect(mode).toBe('paper');
    expect(trades.filter((t) => t.status === 'closed').length).toBeGreaterThan(0);
    const db = new Database(path.join(home.dir, 'bot.db'), { readonly: true });
    try {
      const fee = db.prepare('SELECT COALESCE(SUM(fee), 0) AS v FROM fills WHERE position_id = ?');
      const financing = db.prepare('SELECT COALESCE(SUM(amount), 0) AS v FROM financing_charges WHERE position_id = ?');
      for (const t of trades) {
        expect(t.fees).toBeCloseTo((fee.get(t.positionId) as { v: number }).v, 9);
        expect(t.financing).toBeCloseTo((financing.get(t.positionId) as { v: number }).v, 9);
        expect(t.net).toBeCloseTo(t.pnl - t.fees - t.financing, 9);
      }
      const all = db.prepare('SELECT (SELECT SUM(fee) FROM fills) AS fees, (SELECT SUM(amount) FROM financing_charges) AS financing').get() as {
        fees: number;
        financing: number;
      };
      expect(all.financing).toBeGreaterThan(0);
      expect(trades.reduce((a, t) => a + t.fees, 0)).toBeCloseTo(all.fees, 6);
      expect(trades.reduce((a, t) => a + t.financing, 0)).toBeCloseTo(all.financing, 6);
    } finally {
      db.close();
    }
    const csv = await runBot([...h, 'trades', '--csv']);
    const rows = csv.stdout.trim().split('\n');
    expect(rows[0]).toBe('status,symbol,side,entry_time,entry_price,exit_time,exit_price,quantity,leverage,pnl,fees,financing,net,exit_reason,position_id');
    expect(rows.length).toBe(trades.length + 1);
    const text = await runBot([...h, 'trades']);
    expect(text.stdout).toMatch(/^epoch 1 \(paper\): \d+ closed trades, \d+ open$/m);
    expect(text.stdout).toMatch(/financing/);
  });

  it('trades --from/--to keep the trades open in that period; bad combinations are refused', async () => {
    const all = tradesJson.parse(JSON.parse((await runBot([...h, 'trades', '--json'])).stdout)).trades;
    const cut = '2024-01-15';
    const later = tradesJson.parse(JSON.parse((await runBot([...h, 'trades', '--json', '--from', cut])).stdout)).trades;
    expect(later).toEqual(all.filter((t) => t.exitTime === null || t.status === 'open' || t.exitTime >= `${cut}T00:00:00.000Z`));
    expect((await runBot([...h, 'trades', '--json', '--csv'])).code).toBe(2);
    const unknown = await runBot([...h, 'trades', '--epoch', '9']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no epoch 9.*\n.*the epochs are 1/);
  });

  it("status shows prices and amounts to the market's precision (SOL/USD: 2 and 8 decimals)", async () => {
    const r = await runBot([...h, 'status']);
    expect(r.code, r.stderr).toBe(0);
    // Position lines only: the models section lists the assets too.
    const positions = r.stdout.split('\n').filter((l) => /^ {2}SOL\/USD (long|short) /.test(l));
    expect(positions.length, r.stdout).toBe(1);
    for (const line of positions) {
      expect(line).toMatch(/^ {2}SOL\/USD (long|short) \d+(\.\d{1,8})? @ \d+\.\d{2} {2}stop (-|\d+\.\d{2}) {2}liq \d+\.\d{2} {2}[\d.]+x {2}mark \d+\.\d{2} /);
    }
  });

  it('run --timeframe trades that timeframe (here: no 4h candles stored, so it says so, exit 2)', async () => {
    const shown = await runBot([...h, 'config', 'show', '--timeframe', '4h']);
    expect(shown.stdout).toMatch(/^timeframe: "4h" +flag --timeframe$/m);
    const r = await runBot([...h, 'run', '--feed', 'replay', '--timeframe', '4h', '--iterations', '1', '--interval', '0', '--reset']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no SOL\/USD 4h candles/);
  });

  it('backtest without --to runs through the last stored bar', async () => {
    const r = await runBot([...h, 'backtest', '--assets', 'SOL/USD', '--from', '2025-06-20', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(z.object({ to: z.string() }).parse(JSON.parse(r.stdout)).to).toBe('2025-07-01T00:00:00.000Z');
  });
});

/**
 * SOL and BTC on paper from September to December 2024: the portfolio trims a SOL position that stays
 * open (2024-11-27), so an open trade holds realised P&L as well as unrealised.
 */
describe.skipIf(!hasSharedData)(`bot trades adds up to the epoch's equity change ${hasSharedData ? '' : SHARED_DATA_MISSING}`, () => {
  const home = makeTempHome('bot-trades-sum-');
  afterAll(home.cleanup);

  it('the net of every trade, open ones included, is equity minus capital', async () => {
    const h = ['--home', home.dir];
    writeHomeConfig(home.dir, 'assets: [SOL/USD, BTC/USD]\n');
    for (const [file, symbol] of [
      ['SOL-USDT_1h.csv', 'SOL/USD'],
      ['BTC-USDT_1h.csv', 'BTC/USD'],
    ] as const) {
      const r = await runBot([...h, 'data', 'import', sharedFile('binance', file), '--symbol', symbol, '--timeframe', '1h']);
      expect(r.code, r.stderr).toBe(0);
    }
    const ran = await runBot([...h, 'run', '--feed', 'replay', '--from', '2024-09-01', '--to', '2024-12-01', '--interval', '0']);
    expect(ran.code, ran.stderr).toBe(0);
    const { trades } = tradesJson.parse(JSON.parse((await runBot([...h, 'trades', '--json'])).stdout));
    const status = z.object({ capital: z.number(), equity: z.number() }).parse(JSON.parse((await runBot([...h, 'status', '--json'])).stdout));
    expect(trades.some((t) => t.status === 'open')).toBe(true);
    expect(trades.reduce((a, t) => a + t.net, 0)).toBeCloseTo(status.equity - status.capital, 6);
  });
});
