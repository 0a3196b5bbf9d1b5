import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/store.js';
import { runBot } from '../support/cli.js';
import { KrakenEmulator, usdCandles } from '../support/kraken/index.js';
import { hasSharedData, SHARED_DATA_MISSING, sharedFile } from '../support/sharedData.js';
import { makeTempHome, writeHomeConfig } from '../support/tempHome.js';

const at = (iso: string) => Date.parse(iso);

function inStore<T>(home: string, read: (store: Store) => T): T {
  const store = Store.open(path.join(home, 'bot.db'), { readonly: true });
  try {
    return read(store);
  } finally {
    store.close();
  }
}

/** The header and the first `rows` rows of a shared file, as a file of its own. */
function head(dir: string, file: string, rows: number): string {
  const out = path.join(dir, `head-${path.basename(file)}`);
  fs.writeFileSync(
    out,
    `${fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .slice(0, rows + 1)
      .join('\n')}\n`,
  );
  return out;
}

describe.skipIf(!hasSharedData)(`one source per candle series: bot data import ${hasSharedData ? '' : SHARED_DATA_MISSING}`, () => {
  const home = makeTempHome();
  const h = ['--home', home.dir];
  const binance = sharedFile('binance', 'BTC-USDT_1h.csv');
  const kraken = sharedFile('kraken', 'XBTUSD_60.csv');
  const importBtc = (file: string, ...extra: string[]) => runBot([...h, 'data', 'import', file, '--symbol', 'BTC/USD', '--timeframe', '1h', ...extra]);
  const top2021 = () => inStore(home.dir, (s) => s.candles.range('BTC/USD', '1h', at('2021-11-10T14:00:00Z'), at('2021-11-10T15:00:00Z'))[0]?.high);
  afterAll(() => home.cleanup());

  it("refuses Kraken's export into the Binance series (exit 2), says which source is stored and how to replace it, and keeps the series", async () => {
    const first = await importBtc(binance);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`imported 68,868 BTC/USD 1h bars from ${binance} (format csv, source csv)`);

    const r = await importBtc(kraken);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('error: BTC/USD 1h holds 68,868 bars from csv; bars from kraken-ohlcvt are not added to them');
    expect(r.stderr).toContain('to replace the whole BTC/USD 1h series with the kraken-ohlcvt bars, run the same command with --replace');
    expect(inStore(home.dir, (s) => [s.candles.summary('BTC/USD', '1h').count, s.candles.sourceOf('BTC/USD', '1h')])).toEqual([68_868, 'csv']);
    expect(top2021()).toBe(69_000);
  });

  it('replaces the whole series with --replace, and data check shows the source', async () => {
    const r = await importBtc(kraken, '--replace');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('replaced the BTC/USD 1h series (68,868 bars from csv) with bars from kraken-ohlcvt');
    expect(r.stdout).toContain('the store now holds 50,378 BTC/USD 1h bars, 2013-10-06 21:00 .. 2020-09-30 23:00 UTC');
    expect(top2021()).toBeUndefined();

    const check = await runBot([...h, 'data', 'check', '--symbol', 'BTC/USD', '--timeframe', '1h', '--json']);
    expect(JSON.parse(check.stdout)).toMatchObject({ source: 'kraken-ohlcvt', count: 50_378 });
    const text = await runBot([...h, 'data', 'check', '--symbol', 'BTC/USD', '--timeframe', '1h']);
    expect(text.stdout).toContain('source: kraken-ohlcvt');
  });

  it('records the source the user names, and tells two CSV files of different exchanges apart by it', async () => {
    const eth = sharedFile('binance', 'ETH-USDT_1h.csv');
    const first = await runBot([...h, 'data', 'import', eth, '--symbol', 'ETH/USD', '--timeframe', '1h', '--source', 'binance', '--json']);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ source: 'binance', series: 'new' });
    const again = await runBot([...h, 'data', 'import', eth, '--symbol', 'ETH/USD', '--timeframe', '1h', '--source', 'binance', '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ source: 'binance', series: 'same' });
    const other = await runBot([...h, 'data', 'import', eth, '--symbol', 'ETH/USD', '--timeframe', '1h', '--source', 'coinbase']);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('ETH/USD 1h holds 68,868 bars from binance; bars from coinbase are not added');
    const bad = await runBot([...h, 'data', 'import', eth, '--symbol', 'ETH/USD', '--timeframe', '1h', '--source', 'Bin ance']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/'Bin ance' cannot name a source/);
  });

  it('refuses a file whose bar spacing is not the timeframe: hours as 5m, five minutes as 1h (even with --skip-bad)', async () => {
    const hours = head(home.dir, sharedFile('binance', 'SOL-USDT_1h.csv'), 300);
    const r = await runBot([...h, 'data', 'import', hours, '--symbol', 'SOL/USD', '--timeframe', '5m']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`error: ${hours}: its bars are spaced 1h apart, so they are not 5m bars; nothing was imported`);
    expect(r.stderr).toContain('import it with --timeframe 1h');

    const fives = head(home.dir, sharedFile('binance', 'SOL-USDT_5m.csv'), 300);
    const s = await runBot([...h, 'data', 'import', fives, '--symbol', 'SOL/USD', '--timeframe', '1h', '--skip-bad']);
    expect(s.code).toBe(2);
    expect(s.stderr).toContain('its bars are spaced 5m apart, so they are not 1h bars');
    expect(inStore(home.dir, (st) => [st.candles.summary('SOL/USD', '5m').count, st.candles.summary('SOL/USD', '1h').count])).toEqual([0, 0]);
  });
});

describe.skipIf(!hasSharedData)(`one source per candle series: Kraken's API ${hasSharedData ? '' : SHARED_DATA_MISSING}`, () => {
  const home = makeTempHome();
  const h = ['--home', home.dir];
  let emu: KrakenEmulator;
  beforeAll(async () => {
    emu = await KrakenEmulator.start({ candles: usdCandles(['SOL/USD', 'BTC/USD']), now: at('2025-06-01T10:30:00Z') });
    writeHomeConfig(home.dir, `exchange: { apiUrl: "${emu.url}", timeoutMs: 3000 }\nassets: [SOL/USD]\n`);
    const file = head(home.dir, sharedFile('binance', 'SOL-USDT_1h.csv'), 500);
    const r = await runBot([...h, 'data', 'import', file, '--symbol', 'SOL/USD', '--timeframe', '1h']);
    expect(r.code, r.stderr).toBe(0);
  });
  afterAll(async () => {
    await emu.close();
    home.cleanup();
  });

  it('bot run on the exchange feed refuses to extend an imported series with Kraken bars, before asking the exchange, and leaves no epoch', async () => {
    const requests = emu.requests.length;
    const r = await runBot([...h, 'run', '--sandbox', '--iterations', '1']);
    expect(emu.requests.length).toBe(requests);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('SOL/USD 1h holds 500 bars from csv; bars from kraken-api are not added to them');
    expect(r.stderr).toMatch(/--replace.*--feed replay/);
    const epochs = await runBot([...h, 'status', '--epochs', '--json']);
    expect(JSON.parse(epochs.stdout)).toEqual({ epochs: [] });
    expect(inStore(home.dir, (s) => s.candles.summary('SOL/USD', '1h').count)).toBe(500);
  });

  it('bot data download refuses the imported series before downloading, and --replace swaps it whole', async () => {
    const requests = emu.requests.length;
    const r = await runBot([...h, 'data', 'download', '--assets', 'SOL/USD', '--since', '2025-05-25']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('SOL/USD 1h holds 500 bars from csv; bars from kraken-api are not added to them');
    expect(r.stderr).toContain('run the same command with --replace');
    expect(emu.requests.slice(requests).filter((q) => q.route === 'public/OHLC' || q.route === 'public/Trades')).toEqual([]);

    const replaced = await runBot([...h, 'data', 'download', '--assets', 'SOL/USD', '--since', '2025-05-25', '--replace', '--json']);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(JSON.parse(replaced.stdout)).toMatchObject({ source: 'kraken-api', series: 'replaced', replaced: { source: 'csv', bars: 500 } });
    const stored = inStore(home.dir, (s) => ({ summary: s.candles.summary('SOL/USD', '1h'), source: s.candles.sourceOf('SOL/USD', '1h') }));
    expect(stored).toMatchObject({ source: 'kraken-api', summary: { first: at('2025-05-25T00:00:00Z'), last: at('2025-06-01T09:00:00Z') } });

    // From now on a download extends it, and so does a run.
    const more = await runBot([...h, 'data', 'download', '--assets', 'SOL/USD', '--json']);
    expect(JSON.parse(more.stdout)).toMatchObject({ series: 'same' });
  });
});
