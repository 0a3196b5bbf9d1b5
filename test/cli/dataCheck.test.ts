import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/store.js';
import { runBot } from '../support/cli.js';
import { hasSharedData, sharedFile } from '../support/sharedData.js';
import { makeTempHome } from '../support/tempHome.js';

describe.skipIf(!hasSharedData)('bot data check on the Binance BTC/USDT hours', () => {
  let home: ReturnType<typeof makeTempHome>;
  afterAll(() => home.cleanup());
  const check = (...args: string[]) => runBot(['--home', home.dir, 'data', 'check', '--symbol', 'BTC/USD', '--timeframe', '1h', ...args]);

  beforeAll(async () => {
    home = makeTempHome();
    const r = await runBot(['--home', home.dir, 'data', 'import', sharedFile('binance', 'BTC-USDT_1h.csv'), '--symbol', 'BTC/USD', '--timeframe', '1h']);
    expect(r.code).toBe(0);
  });

  it('holds the known top of November 2021', () => {
    const store = Store.open(path.join(home.dir, 'bot.db'), { readonly: true });
    try {
      const t = Date.parse('2021-11-10T14:00:00Z');
      expect(store.candles.range('BTC/USD', '1h', t, t + 1)[0]?.high).toBe(69_000);
    } finally {
      store.close();
    }
  });

  it('finds the 33-hour exchange outage of 2018-02-08/09 as the largest gap, and the zero-volume bars', async () => {
    const r = await check('--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({
      symbol: 'BTC/USD',
      timeframe: '1h',
      first: '2017-08-17T04:00:00.000Z',
      last: '2025-06-30T23:00:00.000Z',
      count: 68_868,
      misaligned: { count: 0 },
      ohlcViolations: { count: 0 },
    });
    expect(report.expected).toBe(report.count + report.gaps.missingBars);
    expect(report.gaps.largest).toHaveLength(10);
    expect(report.gaps.largest[0]).toEqual({ from: '2018-02-08T01:00:00.000Z', to: '2018-02-09T09:00:00.000Z', missing: 33 });
    expect(report.zeroVolume.count).toBeGreaterThan(0);
    expect(report.zeroVolume.sample).toContain('2023-03-24T12:00:00.000Z');
  });

  it('checks a range: the one-hour outage of 2023-03-24 13:00 after a zero-volume bar', async () => {
    const r = await check('--from', '2023-03-24', '--to', '2023-03-25', '--json');
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ count: 23, expected: 24, from: '2023-03-24T00:00:00.000Z', to: '2023-03-25T00:00:00.000Z' });
    expect(report.gaps.largest).toEqual([{ from: '2023-03-24T13:00:00.000Z', to: '2023-03-24T13:00:00.000Z', missing: 1 }]);
    expect(report.zeroVolume).toEqual({ count: 1, sample: ['2023-03-24T12:00:00.000Z'] });
  });

  it('prints the report for people', async () => {
    const r = await check('--from', '2018-02-01', '--to', '2018-03-01');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('BTC/USD 1h: first bar 2018-02-01 00:00 UTC, last bar 2018-02-28 23:00 UTC');
    expect(r.stdout).toContain('639 bars of 672 expected');
    expect(r.stdout).toMatch(/gaps: 1, 33 bars missing/);
    expect(r.stdout).toMatch(/33 bars {2}2018-02-08 01:00 \.\. 2018-02-09 09:00/);
    expect(r.stdout).toContain('misaligned timestamps: none');
    expect(r.stdout).toContain('OHLC violations: none');
  });

  it('refuses an empty range and a reversed one', async () => {
    let r = await check('--from', '2010-01-01', '--to', '2011-01-01');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no BTC\/USD 1h candles from 2010-01-01 00:00 to 2011-01-01 00:00; the store holds 2017-08-17 04:00 \.\. 2025-06-30 23:00 UTC/);
    r = await check('--from', '2020-01-02', '--to', '2020-01-01');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--from 2020-01-02T00:00:00.000Z is not before --to/);
  });

  it('tells the user to import or download a series the store does not hold', async () => {
    const r = await runBot(['--home', home.dir, 'data', 'check', '--symbol', 'ETH/USD', '--timeframe', '1h']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no ETH/USD 1h candles in the store');
    expect(r.stderr).toContain('bot data import FILE --symbol ETH/USD --timeframe 1h');
    expect(r.stderr).toContain('bot data download --assets ETH/USD --timeframe 1h');
  });
});

describe('bot data check in a new home', () => {
  it('tells the user to import or download first', async () => {
    const home = makeTempHome();
    try {
      const r = await runBot(['--home', home.dir, 'data', 'check', '--symbol', 'SOL/USD', '--timeframe', '1h']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('no SOL/USD 1h candles in the store');
      expect(r.stderr).toMatch(/bot data import .* or `bot data download/);
    } finally {
      home.cleanup();
    }
  });
});
