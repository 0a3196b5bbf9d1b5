import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BacktestReport, ReportSummary } from '../../src/backtest/report/index.js';
import { runBot } from '../support/cli.js';
import { hasSharedData, SHARED_DATA_MISSING, sharedFile } from '../support/sharedData.js';
import { makeTempHome } from '../support/tempHome.js';

const COLUMNS = [
  'return',
  'sharpe',
  'max dd',
  'trades',
  'turnover',
  'gross P&L',
  'fees',
  'financing',
  'net P&L',
  'fee share',
  'exposure',
  'avg hold',
  'hit rate',
];
const PERIOD = ['--assets', 'SOL/USD', '--from', '2025-01-01', '--to', '2025-01-15'];

/** The report folder a text run names on its last line. */
function reportDir(stdout: string): string {
  const m = stdout.match(/report (.+)\/report\.html/);
  if (!m) throw new Error(`no report folder in:\n${stdout}`);
  return m[1]!;
}

/**
 * Real SOL candles from 2024-06 to mid-January 2025 (a short history, so that walk-forward training with
 * --quick stays quick), backtested over the first two weeks of 2025.
 */
describe.skipIf(!hasSharedData)(
  `bot backtest: where the money went, beside the rule-based strategy and buy-and-hold ${hasSharedData ? '' : SHARED_DATA_MISSING}`,
  () => {
    const home = makeTempHome('bot-backtest-cli-');
    const h = ['--home', home.dir];
    afterAll(home.cleanup);
    beforeAll(async () => {
      const lines = fs.readFileSync(sharedFile('binance', 'SOL-USDT_1h.csv'), 'utf8').trimEnd().split('\n');
      const from = Date.UTC(2024, 5, 1);
      const to = Date.UTC(2025, 0, 16);
      const kept = lines.filter((l, i) => i === 0 || (Number(l.split(',')[0]) >= from && Number(l.split(',')[0]) < to));
      const csv = path.join(home.dir, 'SOL-USDT_1h.csv');
      fs.writeFileSync(csv, `${kept.join('\n')}\n`);
      const r = await runBot([...h, 'data', 'import', csv, '--symbol', 'SOL/USD', '--timeframe', '1h']);
      expect(r.code, r.stderr).toBe(0);
    });

    it('with no models, the strategy is the rule-based one: it says so, and shows buy & hold beside it', async () => {
      const text = await runBot([...h, 'backtest', ...PERIOD]);
      expect(text.code, text.stderr).toBe(0);
      const out = text.stdout;
      expect(out).toContain('SOL/USD: rule-based (trend)');
      const header = out.split('\n').find((l) => l.includes('return') && l.includes('hit rate'))!;
      for (const c of COLUMNS) expect(header).toContain(c);
      expect(out).toMatch(/\n {2}portfolio +strategy +-?\d/);
      expect(out).toMatch(/\n +rule-based +same as the strategy: the strategy under test is the rule-based one/);
      expect(out).toMatch(/\n +buy & hold +-?\d/);
      expect(out).toMatch(/\n {2}SOL\/USD +strategy +-?\d/);

      const json = await runBot([...h, 'backtest', ...PERIOD, '--json']);
      expect(json.code, json.stderr).toBe(0);
      const s = JSON.parse(json.stdout) as ReportSummary & { perAsset: BacktestReport['perAsset']; dir: string };
      expect(s.ruleBased).toMatchObject({ status: 'same' });
      expect(s.costs.netPnl).toBeCloseTo(s.finalEquity - s.capital, 6);
      expect(s.costs.grossPnl - s.costs.fees - s.costs.financing).toBeCloseTo(s.costs.netPnl, 9);
      expect(s.costs.fees).toBeCloseTo(s.fees, 9);
      expect(s.buyAndHold.costs).toMatchObject({ financing: 0, exposure: 1, trades: 1 });
      // One asset: its books, replayed from the fills bar by bar, are the portfolio's (a fill is booked in the bar it filled in).
      expect(s.perAsset[0]?.costs).toEqual(s.costs);
      expect(s.perAsset[0]?.performance.sharpe).toBeCloseTo(s.sharpe!, 9);
      expect(s.perAsset[0]?.performance.maxDrawdown).toBeCloseTo(s.maxDrawdown, 9);
      expect(s.perAsset[0]?.buyAndHold.costs.netPnl).toBeCloseTo(s.buyAndHold.finalEquity - s.capital, 6);
      const html = fs.readFileSync(path.join(s.dir, 'report.html'), 'utf8');
      expect(html).toContain('<h2>Where the money went</h2>');
      expect(html).toMatch(/<td>rule-based<\/td><td class="note" colspan="13">same as the strategy/);
    });

    it('with models scoring (walk-forward), the rule-based strategy runs beside them over the same bars', async () => {
      const plain = JSON.parse((await runBot([...h, 'backtest', ...PERIOD, '--json'])).stdout) as ReportSummary;
      const r = await runBot([...h, 'backtest', ...PERIOD, '--walk-forward', '--quick', '--folds', '1']);
      expect(r.code, r.stderr).toBe(0);
      const rows = r.stdout.split('\n');
      const at = (re: RegExp) => rows.findIndex((l) => re.test(l));
      const strategy = at(/^ {2}portfolio +strategy +-?\d/);
      expect(strategy).toBeGreaterThan(0);
      expect(rows[strategy + 1]).toMatch(/^ +rule-based +-?\d+\.\d\d %/);
      expect(rows[strategy + 2]).toMatch(/^ +buy & hold +-?\d+\.\d\d %/);
      const sol = at(/^ {2}SOL\/USD +strategy/);
      expect(rows[sol + 1]).toMatch(/^ +rule-based +-?\d/);
      expect(rows[sol + 2]).toMatch(/^ +buy & hold +-?\d/);

      const dir = reportDir(r.stdout);
      const report = JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8')) as BacktestReport;
      const rb = report.summary.ruleBased;
      if (rb?.status !== 'run') throw new Error(`expected the rule-based run beside the models, got ${JSON.stringify(rb)}`);
      expect(rb.label).toBe('rule-based (trend)');
      // The same rule-based strategy on the same bars as the run without models: the same trades.
      expect(rb.fingerprint).toBe(plain.fingerprint);
      expect(rb.costs).toEqual(plain.costs);
      expect(rb.bars).toBe(report.summary.bars);
      expect(report.perAsset[0]?.ruleBased?.costs).toEqual(rb.costs);
      expect(report.summary.buyAndHold.totalReturn).toBe(plain.buyAndHold.totalReturn);
      expect(rows[strategy + 1]).toContain(`${(rb.totalReturn * 100).toFixed(2)} %`);

      const html = fs.readFileSync(path.join(dir, 'report.html'), 'utf8');
      const money = html.match(/<table class="money">.*?<\/table>/s)?.[0] ?? '';
      expect(money.match(/<td>rule-based<\/td><td class="num/g)).toHaveLength(2);
      expect(money.match(/<td>buy &amp; hold<\/td>/g)).toHaveLength(2);
    });
  },
);
