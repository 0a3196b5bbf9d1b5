/**
 * Data benchmarks: `npm run bench -- data`.
 * import: throughput of `bot data import` (parse, validate, one-transaction upsert) on the real SOL/USDT
 * hours into a fresh home's database, median of 3 runs.
 * replay: throughput of the sandbox loop on stored candles, one and three assets.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importCandleFile } from '../src/data/csv/importCandleFile.js';
import { loadConfig } from '../src/config/load.js';
import { runLoop } from '../src/daemon/runLoop.js';
import { silentLogger } from '../src/internal/logger.js';
import { homePaths } from '../src/runtime/home.js';
import { composeTrading } from '../src/runtime/tradingRuntime.js';
import { Store } from '../src/store/store.js';
import { hasSharedData, SHARED_DATA_MISSING, sharedFile } from '../test/support/sharedData.js';

const RUNS = 3;

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

export async function benchImport(): Promise<Record<string, unknown>> {
  if (!hasSharedData) return { skipped: SHARED_DATA_MISSING };
  const file = sharedFile('binance', 'SOL-USDT_1h.csv');
  const runsMs: number[] = [];
  let rows = 0;
  for (let i = 0; i < RUNS; i++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bot-bench-import-'));
    const store = Store.open(homePaths(dir).database);
    try {
      const start = performance.now();
      const summary = await importCandleFile(store, { file, symbol: 'SOL/USD', timeframe: '1h' });
      runsMs.push(performance.now() - start);
      rows = summary.imported;
    } finally {
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const ms = median(runsMs);
  return {
    file: 'binance/SOL-USDT_1h.csv',
    rows,
    bytes: fs.statSync(file).size,
    runsMs: runsMs.map((x) => Math.round(x)),
    medianMs: Math.round(ms),
    rowsPerSecond: Math.round(rows / (ms / 1000)),
  };
}

const ASSET_FILES: Record<string, string> = {
  'SOL/USD': 'SOL-USDT_1h.csv',
  'ETH/USD': 'ETH-USDT_1h.csv',
  'BTC/USD': 'BTC-USDT_1h.csv',
};

/**
 * replay: iterations per second of the sandbox loop on stored candles (feed, venue, scorer, risk and one
 * SQLite transaction per iteration), as `bot run --feed replay --interval 0` runs it, without process start-up.
 */
export async function benchReplay(assets: readonly string[], iterations: number): Promise<Record<string, unknown>> {
  if (!hasSharedData) return { skipped: SHARED_DATA_MISSING };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bot-bench-replay-'));
  const store = Store.open(homePaths(dir).database);
  try {
    for (const symbol of assets) {
      await importCandleFile(store, { file: sharedFile('binance', ASSET_FILES[symbol] as string), symbol, timeframe: '1h' });
    }
    const { config } = loadConfig(undefined, [{ path: ['assets'], value: [...assets], flag: '--assets' }]);
    const rt = await composeTrading({ config, store, feed: 'replay', from: Date.parse('2023-01-01T00:00:00Z'), now: 0 });
    const start = performance.now();
    const summary = await runLoop({
      feed: rt.feed,
      engine: rt.engine,
      persist: rt.persist,
      pause: async () => undefined,
      intervalMs: 0,
      maxIterations: iterations,
      signal: new AbortController().signal,
      logger: silentLogger,
      onTime: rt.onTime,
    });
    const seconds = (performance.now() - start) / 1000;
    return {
      assets,
      iterations: summary.iterations,
      decisions: summary.decisions,
      fills: summary.fills,
      seconds: Number(seconds.toFixed(3)),
      iterationsPerSecond: Math.round(summary.iterations / seconds),
      decisionsPerSecond: Math.round(summary.decisions / seconds),
    };
  } finally {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<Record<string, unknown>> {
  return {
    import: await benchImport(),
    replay: {
      oneAsset: await benchReplay(['SOL/USD'], 5000),
      threeAssets: await benchReplay(['SOL/USD', 'ETH/USD', 'BTC/USD'], 5000),
    },
  };
}
