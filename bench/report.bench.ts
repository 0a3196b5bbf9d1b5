/// <reference lib="dom" />
// The page.evaluate callbacks below run in the browser, on its DOM.
/**
 * Report benchmark: `npm run bench -- report`.
 * A backtest of 50,000 hourly ETH bars (the rule-based strategy, take-profits on so every kind of mark is
 * drawn) writes report.html; headless Chromium (Debian's, /usr/bin/chromium or CHROMIUM_PATH) then opens
 * it from disk with every other request refused, 3 times. Figures: the file's size, the time to write it,
 * and per load the page's load event and the moment its script has drawn every chart (a performance mark),
 * from the start of navigation; the bar is under 2 s.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { backtestAndReport } from '../src/backtest/backtestRun.js';
import { loadConfig } from '../src/config/load.js';
import { importCandleFile } from '../src/data/csv/importCandleFile.js';
import { silentLogger } from '../src/internal/logger.js';
import { homePaths } from '../src/runtime/home.js';
import { Store } from '../src/store/store.js';
import { tfjsRuntime } from '../src/models/inference/inferenceRuntime.js';
import { CHROMIUM_MISSING, hasChromium, launchChromium } from '../test/support/browser.js';
import { hasSharedData, SHARED_DATA_MISSING, sharedFile } from '../test/support/sharedData.js';

const BARS = 50_000;
const LOADS = 3;
const H = 3_600_000;

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function writeBigReport(dir: string): Promise<{ file: string; bars: number; fills: number; writeMs: number }> {
  const home = homePaths(dir);
  const store = Store.open(home.database);
  try {
    const summary = await importCandleFile(store, { file: sharedFile('binance', 'ETH-USDT_1h.csv'), symbol: 'ETH/USD', timeframe: '1h' });
    const last = summary.last ?? 0;
    const { config } = loadConfig(undefined, [
      { path: ['assets'], value: ['ETH/USD'], flag: '--assets' },
      { path: ['risk', 'takeProfitAtr'], value: 3, flag: '--take-profit-atr' },
    ]);
    const start = performance.now();
    const result = await backtestAndReport({
      config,
      store,
      modelsDir: home.modelsDir,
      resultsDir: home.backtestResultsDir,
      from: last + H - BARS * H,
      to: last + H,
      logger: silentLogger,
      // The rule-based strategy alone: no model runs.
      runtime: tfjsRuntime,
      now: () => Date.now(),
    });
    return {
      file: path.join(result.dir, 'report.html'),
      bars: result.summary.bars,
      fills: result.summary.fills,
      writeMs: Math.round(performance.now() - start),
    };
  } finally {
    store.close();
  }
}

export async function run(): Promise<Record<string, unknown>> {
  if (!hasSharedData) return { skipped: SHARED_DATA_MISSING };
  if (!hasChromium) return { skipped: CHROMIUM_MISSING };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bot-bench-report-'));
  const { browser, close } = await launchChromium();
  try {
    const report = await writeBigReport(dir);
    const url = pathToFileURL(report.file).href;
    const loads: { loadMs: number; chartsMs: number }[] = [];
    for (let i = 0; i < LOADS; i++) {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      await page.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
      await page.goto(url);
      await page.waitForSelector('html[data-charts="ready"]', { timeout: 60_000 });
      loads.push(
        await page.evaluate(() => {
          const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
          const charts = performance.getEntriesByName('report-charts-ready')[0];
          return { loadMs: Math.round(nav?.loadEventEnd ?? -1), chartsMs: Math.round(charts?.startTime ?? -1) };
        }),
      );
      await page.close();
    }
    const shown = loads.map((l) => Math.max(l.loadMs, l.chartsMs));
    return {
      bars: report.bars,
      fills: report.fills,
      htmlBytes: fs.statSync(report.file).size,
      backtestAndWriteMs: report.writeMs,
      loads,
      medianShownMs: median(shown),
      underTwoSeconds: median(shown) < 2000,
    };
  } finally {
    await close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
