/**
 * The backtest loop of the default strategy (the rule-based trend scorer, daily decisions), no models:
 * `npm run bench -- engine`.
 * - ruleBased: BTC, ETH, SOL over 2021-01 .. 2025-06 (118k asset-bars), the shipped config; the median
 *   of three runs after one that warms the JIT (steadyRuns).
 * - scaling: the same loop with 3, 10 and 30 assets over 2024-01 .. 2025-06, the three candle files stored
 *   again under other symbols (SOL1/USD, ETH1/USD, ...), each with SOL's, ETH's or BTC's market limits; BTC
 *   stays the market lead. Cost per step (one bar of every asset) and per asset-bar, and the process's RSS;
 *   each the median of three runs after one.
 * Seconds are wall time of the loop (setup, the one read of the candles, is apart); cpu figures count
 * the process's CPU time over the same span, steadier than wall time on a shared machine. The engine is
 * the built one (dist/, as `bot backtest` runs it; see shipped.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ConfigOverride } from '../src/config/load.js';
import type { Bar } from '../src/domain/bar.js';
import type { Store } from '../src/store/store.js';
import { hasSharedData, readBinanceCsv, SHARED_DATA_MISSING, sharedFile } from '../test/support/sharedData.js';
import { shipped } from './shipped.js';
import { steadyRuns } from './steadyRuns.js';

const { runBacktest } = await shipped<typeof import('../src/backtest/runBacktest.js')>('backtest/runBacktest.js');
const { loadConfig } = await shipped<typeof import('../src/config/load.js')>('config/load.js');
const { homePaths } = await shipped<typeof import('../src/runtime/home.js')>('runtime/home.js');
const { Store: ShippedStore } = await shipped<typeof import('../src/store/store.js')>('store/store.js');

const BASES = [
  { base: 'BTC', file: 'BTC-USDT_1h.csv' },
  { base: 'ETH', file: 'ETH-USDT_1h.csv' },
  { base: 'SOL', file: 'SOL-USDT_1h.csv' },
] as const;

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** `n` symbols: BTC/USD, ETH/USD, SOL/USD, then BTC1/USD, ETH1/USD, SOL1/USD, BTC2/USD, ... */
function symbols(n: number): { symbol: string; base: (typeof BASES)[number] }[] {
  return Array.from({ length: n }, (_, i) => {
    const base = BASES[i % 3] as (typeof BASES)[number];
    const copy = Math.floor(i / 3);
    return { symbol: `${base.base}${copy === 0 ? '' : copy}/USD`, base };
  });
}

async function loop(store: Store, configFile: string, assets: readonly string[], from: string, to: string) {
  const shipped = loadConfig(configFile).config;
  const overrides: ConfigOverride[] = [{ path: ['assets'], value: assets, flag: '--assets' }];
  for (const { symbol, base } of symbols(assets.length)) {
    const like = `${base.base}/USD`;
    overrides.push({ path: ['venue', 'markets', symbol], value: shipped.venue.markets[like], flag: 'bench' });
    overrides.push({ path: ['leverage', symbol], value: shipped.leverage[like], flag: 'bench' });
  }
  const { config } = loadConfig(configFile, overrides);
  const f = Date.parse(`${from}T00:00:00Z`);
  const t = Date.parse(`${to}T00:00:00Z`);
  const assetBars = assets.reduce((n, a) => n + store.candles.range(a, '1h', f, t).length, 0);
  let wall = { setupMs: 0, loopMs: 0, steps: 0 };
  const started = performance.now();
  const startCpu = cpuMs();
  const marks: number[] = [];
  await runBacktest({
    config,
    source: store,
    from: f,
    to: t,
    runId: 'bench',
    timing: {
      clock: () => {
        marks.push(cpuMs());
        return performance.now();
      },
      report: (w) => (wall = w),
    },
  });
  // The clock was read at the start, at the loop's start and at its end: the same marks in CPU time.
  const [c0 = startCpu, c1 = startCpu, c2 = startCpu] = marks;
  const cpu = { setupMs: c1 - c0, loopMs: c2 - c1 };
  return {
    assets: assets.length,
    assetBars,
    steps: wall.steps,
    loopSeconds: Number((wall.loopMs / 1000).toFixed(3)),
    setupSeconds: Number((wall.setupMs / 1000).toFixed(3)),
    wallSeconds: Number(((performance.now() - started) / 1000).toFixed(3)),
    assetBarsPerSecond: Math.round(assetBars / (wall.loopMs / 1000)),
    assetBarsPerCpuSecond: Math.round(assetBars / (cpu.loopMs / 1000)),
    microsecondsPerStep: Number(((wall.loopMs * 1000) / wall.steps).toFixed(1)),
    cpuMicrosecondsPerStep: Number(((cpu.loopMs * 1000) / wall.steps).toFixed(1)),
    cpuMicrosecondsPerAssetBar: Number(((cpu.loopMs * 1000) / assetBars).toFixed(2)),
    rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
  };
}

export async function run(): Promise<Record<string, unknown>> {
  if (!hasSharedData) return { skipped: SHARED_DATA_MISSING };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bot-bench-engine-'));
  const home = homePaths(dir);
  const store = ShippedStore.open(home.database);
  try {
    const bars = new Map(BASES.map((b) => [b.base, readBinanceCsv(sharedFile('binance', b.file)) as Bar[]]));
    store.transaction(() => {
      for (const { symbol, base } of symbols(30)) store.candles.upsertFrom('bench', symbol, '1h', bars.get(base.base) as Bar[]);
    });
    const three = symbols(3).map((s) => s.symbol);
    // One run first to warm the JIT, as the scaling runs below do: the figure is the loop's steady state.
    const ruleBased = await steadyRuns(
      () => loop(store, home.configFile, three, '2021-01-01', '2025-06-30'),
      (r) => r.assetBarsPerSecond,
      { warmup: 1, measured: 3 },
    );
    const scaling = [];
    for (const n of [3, 10, 30]) {
      const assets = symbols(n).map((s) => s.symbol);
      scaling.push(
        await steadyRuns(
          () => loop(store, home.configFile, assets, '2024-01-01', '2025-06-30'),
          (x) => x.assetBarsPerSecond,
          { warmup: 1, measured: 3 },
        ),
      );
    }
    return {
      strategy: 'rule-based (trend), shipped config, no models',
      ruleBased: { period: { from: '2021-01-01', to: '2025-06-30' }, ...ruleBased },
      scaling: { period: { from: '2024-01-01', to: '2025-06-30' }, runs: scaling },
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
  } finally {
    store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
