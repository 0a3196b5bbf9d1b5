/// <reference lib="dom" />
// The page.evaluate callbacks below run in the browser, on its DOM.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CHROMIUM_MISSING, hasChromium, launchChromium } from '../../../support/browser.js';
import { runBot } from '../../../support/cli.js';
import { hasSharedData, SHARED_DATA_MISSING, sharedFile } from '../../../support/sharedData.js';
import { makeTempHome, writeHomeConfig } from '../../../support/tempHome.js';

const skip = !hasSharedData ? SHARED_DATA_MISSING : !hasChromium ? CHROMIUM_MISSING : '';
// Said out loud: a skipped file shows no title in vitest's default report.
if (skip) console.warn(`report.html browser test skipped: ${skip}`);

/**
 * report.html as a person opens it: a real backtest of a year of SOL (with take-profits on, so that every
 * kind of mark is there), loaded from disk in headless Chromium with every request but the file itself
 * refused. It must draw its charts with no console error, and the chart's screenshot must not be blank.
 */
describe.skipIf(skip !== '')(`report.html in Chromium ${skip}`, () => {
  const home = makeTempHome('bot-report-browser-');
  let report = '';
  afterAll(home.cleanup);
  beforeAll(async () => {
    writeHomeConfig(home.dir, 'assets: [SOL/USD]\nrisk:\n  takeProfitAtr: 3\n');
    const h = ['--home', home.dir];
    const imported = await runBot([...h, 'data', 'import', sharedFile('binance', 'SOL-USDT_1h.csv'), '--symbol', 'SOL/USD', '--timeframe', '1h']);
    expect(imported.code, imported.stderr).toBe(0);
    const run = await runBot([...h, 'backtest', '--from', '2024-01-01', '--to', '2025-01-01', '--json']);
    expect(run.code, run.stderr).toBe(0);
    report = path.join(z.object({ dir: z.string() }).parse(JSON.parse(run.stdout)).dir, 'report.html');
  }, 120_000);

  it('loads offline, draws the price chart with its marks, logs no error, and its screenshot is not blank', async () => {
    const { browser, close } = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const errors: string[] = [];
      const outside: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      const url = pathToFileURL(report).href;
      await page.route('**/*', (route) => {
        if (route.request().url() === url) return route.continue();
        outside.push(route.request().url());
        return route.abort();
      });
      await page.goto(url);
      await page.waitForSelector('html[data-charts="ready"]', { timeout: 30_000 });
      expect(errors).toEqual([]);
      expect(outside).toEqual([]);

      // The legend lists the close, both levels and every kind of mark; the run has entries, adds and take-profits.
      const legend = await page.locator('#price-0 .u-legend .u-label').allTextContents();
      expect(legend).toEqual(
        expect.arrayContaining(['SOL/USD close', 'Stop', 'Take-profit level', 'Entry', 'Add', 'Reduction', 'Exit', 'Stop-out', 'Take-profit', 'Liquidation']),
      );
      const data = z
        .object({ assets: z.array(z.object({ marks: z.record(z.string(), z.array(z.unknown())) })) })
        .parse(JSON.parse((await page.locator('#price-data').textContent()) ?? ''));
      for (const role of ['entry', 'add', 'takeProfit']) expect(data.assets[0]!.marks[role]!.length, role).toBeGreaterThan(0);

      const chart = page.locator('#price-0');
      const png = await chart.screenshot({ path: path.join(path.dirname(report), 'price-chart.png') });
      // The screenshot decoded by the browser itself: how many pixels are not background, how many colours.
      const look = await page.evaluate(async (b64: string) => {
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = img.width;
        canvas.height = img.height;
        const ctx = canvas.getContext('2d');
        if (!ctx) return { inked: 0, colours: 0 };
        ctx.drawImage(img, 0, 0);
        const px = ctx.getImageData(0, 0, img.width, img.height).data;
        let inked = 0;
        const colours = new Set<number>();
        for (let i = 0; i < px.length; i += 4) {
          const [r, g, b] = [px[i]!, px[i + 1]!, px[i + 2]!];
          if (r < 235 || g < 235 || b < 235) inked++;
          colours.add((r << 16) | (g << 8) | b);
        }
        return { inked: inked / (px.length / 4), colours: colours.size };
      }, png.toString('base64'));
      expect(look.inked).toBeGreaterThan(0.02);
      expect(look.colours).toBeGreaterThan(20);
    } finally {
      await close();
    }
  }, 60_000);
});
