/**
 * Data benchmarks: `npm run bench -- data`.
 * import: throughput of `bot data import` (parse, validate, one-transaction upsert) on the real SOL/USDT
 * hours into a fresh home's database, median of 3 runs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importCandleFile } from '../src/data/csv/importCandleFile.js';
import { homePaths } from '../src/runtime/home.js';
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

export async function run(): Promise<Record<string, unknown>> {
  return { import: await benchImport() };
}
