import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { downloadHistory, TRADES_SOURCE, type DownloadHistoryOptions } from '../../src/data/downloadHistory.js';
import { downloadReplacing } from '../../src/data/downloadReplacing.js';
import { createKrakenClient, KrakenMarketData } from '../../src/data/kraken/index.js';
import type { Bar } from '../../src/domain/bar.js';
import { RetryableError } from '../../src/internal/errors.js';
import { DownloadStateRepository } from '../../src/store/downloadStateRepository.js';
import { Store } from '../../src/store/store.js';
import { hasSharedData, SHARED_DATA_MISSING, type CsvBar } from '../support/sharedData.js';
import { KrakenEmulator, usdCandles, type EmulatorCandles } from '../support/kraken/index.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.parse('2025-06-01T10:30:00Z');
const SYMBOL = 'SOL/USD';
// Kraken's OHLC serves 720 rows: 719 closed bars before the unfinished 10:00 one.
const WINDOW_START = Date.parse('2025-06-01T10:00:00Z') - 719 * HOUR;
const SINCE = WINDOW_START - 10 * DAY;

/** The source bars a download should have stored for [from, to): hours without trades have no bar. */
function expected(source: readonly CsvBar[], from: number, to: number): CsvBar[] {
  return source.filter((b) => b.time >= from && b.time < to && (b.time >= WINDOW_START || b.volume > 0));
}

function expectSameBars(actual: readonly Bar[], want: readonly CsvBar[]): void {
  expect(actual.map((b) => b.time)).toEqual(want.map((b) => b.time));
  const ohlcDiffs = actual.filter((b, i) => {
    const w = want[i] as CsvBar;
    return b.open !== w.open || b.high !== w.high || b.low !== w.low || b.close !== w.close;
  });
  expect(ohlcDiffs).toEqual([]);
  const volumeDiffs = actual.filter((b, i) => Math.abs(b.volume - (want[i] as CsvBar).volume) > 1e-9 * (want[i] as CsvBar).volume);
  expect(volumeDiffs).toEqual([]);
}

describe.skipIf(!hasSharedData)(`downloadHistory from the Kraken emulator ${hasSharedData ? '' : SHARED_DATA_MISSING}`, () => {
  const candles: EmulatorCandles = hasSharedData ? usdCandles([SYMBOL]) : new Map();
  const source: readonly CsvBar[] = candles.get(SYMBOL)?.[60] ?? [];
  const lastClosed = Date.parse('2025-06-01T09:00:00Z');
  let emu: KrakenEmulator;
  let marketData: KrakenMarketData;

  beforeAll(async () => {
    // Small pages so that ten days take a dozen pages and interruptions land mid-stream.
    emu = await KrakenEmulator.start({ candles, now: NOW, tradesPageSize: 100 });
    marketData = new KrakenMarketData(createKrakenClient({ apiUrl: emu.url, timeoutMs: 3000, enableRateLimit: false }));
  });
  afterAll(async () => {
    await emu.close();
  });

  const run = (store: Store, extra: Partial<DownloadHistoryOptions> = {}) =>
    downloadHistory({ store, marketData, symbol: SYMBOL, timeframe: '1h', since: SINCE, now: NOW, ...extra });

  /** Trade ids served by the Trades requests numbered from..to. */
  const servedIds = (from: number, to?: number) =>
    emu.requests
      .slice(from, to)
      .filter((r) => r.route === 'public/Trades')
      .flatMap((r) => r.notes['ids'] as number[]);

  test('ten days before the OHLC window are rebuilt from trades exactly as the source candles', async () => {
    const store = Store.open(':memory:');
    const result = await run(store);
    expect(result.complete).toBe(true);
    expect(result.pages).toBeGreaterThan(10);
    expect(result.from).toBe(SINCE);
    expect(result.to).toBe(lastClosed);
    const stored = store.candles.range(SYMBOL, '1h');
    expect(result.barsWritten).toBeGreaterThanOrEqual(stored.length);
    expectSameBars(stored, expected(source, SINCE, lastClosed + HOUR));
    expect(stored.filter((b) => b.time < WINDOW_START)).toHaveLength(240);
    store.close();
  });

  test('interrupted after a few pages, a second run resumes and ends with the same bars', async () => {
    const store = Store.open(':memory:');
    const mark1 = emu.requests.length;
    const first = await run(store, { maxPages: 4 });
    expect(first.complete).toBe(false);
    expect(first.pages).toBe(4);
    const partial = store.candles.range(SYMBOL, '1h');
    expect(partial.length).toBeGreaterThan(0);
    // Only complete bars were written: each equals its source bar.
    expectSameBars(partial, expected(source, SINCE, (partial.at(-1)?.time ?? 0) + HOUR));
    const state = new DownloadStateRepository(store.db).get(SYMBOL, '1h', TRADES_SOURCE);
    expect(state?.since).toBe(SINCE);

    const mark2 = emu.requests.length;
    const second = await run(store);
    expect(second.complete).toBe(true);
    expect(second.resumedFrom).toBe((partial.at(-1)?.time ?? 0) + HOUR);
    expectSameBars(store.candles.range(SYMBOL, '1h'), expected(source, SINCE, lastClosed + HOUR));

    // No page is fetched twice, except the trades of the one bucket left unfinished by the interruption.
    const before = new Set(servedIds(mark1, mark2));
    const refetched = servedIds(mark2).filter((id) => before.has(id));
    // The emulator's trade ids are (bar open in seconds) * 10 + index: at most one bar's trades again.
    expect(new Set(refetched.map((id) => Math.floor(id / 10))).size).toBeLessThanOrEqual(1);
    expect(refetched.length).toBeLessThanOrEqual(6);
    store.close();
  });

  test('a network failure mid-download keeps what was written; the next run completes it', async () => {
    const store = Store.open(':memory:');
    const failing = run(store, {
      onProgress: (p) => {
        if (p.phase === 'trades' && p.pages === 3) emu.fault('public/Trades', { status: 503, times: 1 });
      },
    });
    await expect(failing).rejects.toBeInstanceOf(RetryableError);
    const kept = store.candles.range(SYMBOL, '1h');
    expect(kept.length).toBeGreaterThan(0);
    const second = await run(store);
    expect(second.resumedFrom).toBe((kept.at(-1)?.time ?? 0) + HOUR);
    expectSameBars(store.candles.range(SYMBOL, '1h'), expected(source, SINCE, lastClosed + HOUR));
    store.close();
  });

  test('a later run resumes from the cursor; an earlier since starts over from it', async () => {
    // First download 33 days before NOW; then at NOW the window has moved past everything stored.
    const earlierNow = NOW - 33 * DAY;
    const hourOf = (t: number) => Math.floor(t / HOUR) * HOUR;
    const firstSince = hourOf(earlierNow) - 719 * HOUR - 5 * DAY;
    const firstLastClosed = hourOf(earlierNow) - HOUR;
    const store = Store.open(':memory:');
    emu.setNow(earlierNow);
    try {
      await run(store, { now: earlierNow, since: firstSince });

      // Same since, same moment: nothing to page, only the OHLC window is refreshed.
      let mark = emu.requests.length;
      const again = await run(store, { now: earlierNow, since: firstSince });
      expect(again.pages).toBe(0);
      expect(emu.requests.slice(mark).filter((r) => r.route === 'public/Trades')).toHaveLength(0);

      emu.setNow(NOW);
      mark = emu.requests.length;
      const resumed = await run(store, { since: firstSince });
      expect(resumed.resumedFrom).toBe(firstLastClosed + HOUR);
      const firstTrades = emu.requests.slice(mark).find((r) => r.route === 'public/Trades');
      expect(firstTrades?.params['since']).toBe(String(BigInt(firstLastClosed + HOUR) * 1_000_000n - 1n));
      // Bars between the two windows come from trades, the rest from both OHLC windows: all equal the source.
      expectSameBars(store.candles.range(SYMBOL, '1h'), expected(source, firstSince, lastClosed + HOUR));

      // An earlier since: paged from the new since, not from the cursor.
      const earlier = firstSince - 3 * DAY;
      mark = emu.requests.length;
      const restarted = await run(store, { since: earlier });
      expect(restarted.resumedFrom).toBeUndefined();
      expect(emu.requests.slice(mark).find((r) => r.route === 'public/Trades')?.params['since']).toBe(String(BigInt(earlier) * 1_000_000n - 1n));
      expectSameBars(store.candles.range(SYMBOL, '1h'), expected(source, earlier, lastClosed + HOUR));
      expect(new DownloadStateRepository(store.db).get(SYMBOL, '1h', TRADES_SOURCE)).toMatchObject({
        since: earlier,
        cursor: String(BigInt(lastClosed + HOUR) * 1_000_000n - 1n),
      });
    } finally {
      emu.setNow(NOW);
    }
    store.close();
  });

  test('replacing a series of another source: an interrupted download leaves it as it was, a complete one swaps it whole', async () => {
    const store = Store.open(':memory:');
    const imported = source.filter((b) => b.time < SINCE).slice(-50);
    store.candles.upsertFrom('csv', SYMBOL, '1h', imported);
    const replace = (extra: Partial<DownloadHistoryOptions> = {}) =>
      downloadReplacing({ store, marketData, symbol: SYMBOL, timeframe: '1h', since: SINCE, now: NOW, ...extra });

    const interrupted = await replace({ maxPages: 3 });
    expect(interrupted).toMatchObject({ complete: false, pages: 3 });
    expect(interrupted.replaced).toBeUndefined();
    expect(store.candles.range(SYMBOL, '1h')).toEqual(imported);
    expect(store.candles.sourceOf(SYMBOL, '1h')).toBe('csv');

    const done = await replace();
    expect(done).toMatchObject({ complete: true, replaced: { source: 'csv', bars: 50 } });
    expect(store.candles.sourceOf(SYMBOL, '1h')).toBe('kraken-api');
    expectSameBars(store.candles.range(SYMBOL, '1h'), expected(source, SINCE, lastClosed + HOUR));
    // The download's cursor came along: a later download continues the series.
    expect(new DownloadStateRepository(store.db).get(SYMBOL, '1h', TRADES_SOURCE)).toMatchObject({ since: SINCE });
    expect((await run(store)).pages).toBe(0);
    store.close();
  });

  test('a since inside the 720-bar window, or none, needs only the OHLC endpoint', async () => {
    const store = Store.open(':memory:');
    const mark = emu.requests.length;
    const since = Date.parse('2025-05-20T00:00:00Z');
    const inside = await run(store, { since });
    expect(inside).toMatchObject({ pages: 0, complete: true, from: since, to: lastClosed });
    expectSameBars(store.candles.range(SYMBOL, '1h'), expected(source, since, lastClosed + HOUR));
    const windowOnly = await run(Store.open(':memory:'), { since: undefined });
    expect(windowOnly).toMatchObject({ pages: 0, barsWritten: 719, from: WINDOW_START, to: lastClosed });
    expect(emu.requests.slice(mark).filter((r) => r.route === 'public/Trades')).toHaveLength(0);
    store.close();
  });
});
