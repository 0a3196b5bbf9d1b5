import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildReport, EQUITY_CSV_HEADER, REPORT_FILES, TRADES_CSV_HEADER, writeReport } from '../../../src/backtest/report/index.js';
import { UserError } from '../../../src/internal/errors.js';
import { makeTempHome } from '../../support/tempHome.js';
import { A, handInput } from './handRun.js';
import { increasedEquity, increasedFills, increasedInput } from './increasedRun.js';
import { expectSelfContainedHtml, polylinePointCounts } from './htmlChecks.js';

const GENERATED = Date.UTC(2024, 5, 1);
const homes: (() => void)[] = [];
afterEach(() => homes.splice(0).forEach((c) => c()));

function tempDir(): string {
  const { dir, cleanup } = makeTempHome('bot-report-');
  homes.push(cleanup);
  return dir;
}

function csvRows(file: string): string[][] {
  return fs
    .readFileSync(file, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => l.split(','));
}

describe('writeReport', () => {
  it('writes report.json, trades.csv, equity.csv and report.html into the run folder', async () => {
    const input = handInput();
    const report = buildReport(input, { generatedAt: GENERATED });
    const dir = path.join(tempDir(), 'backtest_results', 'hand-run');
    const files = await writeReport(dir, report, input);

    expect(fs.readdirSync(dir).sort()).toEqual(Object.values(REPORT_FILES).sort());
    expect(files.json).toBe(path.join(dir, 'report.json'));
    const text = fs.readFileSync(files.json, 'utf8');
    expect(JSON.parse(text)).toEqual(report);
    expect(text).toContain('\n  "summary": {');

    const trades = csvRows(files.trades);
    expect(trades[0]).toEqual([...TRADES_CSV_HEADER]);
    expect(trades).toHaveLength(1 + 3);
    expect(trades[1]).toEqual([
      A,
      'long',
      '2024-01-01T01:00:00.000Z',
      '110',
      '2024-01-01T02:00:00.000Z',
      '121',
      '2',
      '1',
      '22',
      String(0.22 + 0.242),
      '0',
      String(22 - (0.22 + 0.242)),
      'close',
      'pA1',
    ]);
    expect(trades[3]?.[12]).toBe('stop');

    const equity = csvRows(files.equity);
    expect(equity[0]).toEqual([...EQUITY_CSV_HEADER]);
    expect(equity).toHaveLength(1 + 5);
    expect(equity[1]).toEqual(['2024-01-01T00:00:00.000Z', '1000', '1000', '0', '1000']);
    expect(equity[2]?.slice(1, 4)).toEqual(['999.58', '679.58', String((1000 - 999.58) / 1000)]);
    expect(Number(equity[5]?.[4])).toBeCloseTo(report.buyAndHold.performance.finalEquity, 9);
  });

  it('renders one self-contained HTML page: charts, tables, the fingerprint, every text escaped', async () => {
    const input = handInput({ runId: 'run<1>&"x"', modelVersions: { lstm: '<script>alert(1)</script>' }, config: { note: '</pre><img src=x>' } });
    const report = buildReport(input, { generatedAt: GENERATED });
    const dir = tempDir();
    await writeReport(dir, report, input);
    const html = fs.readFileSync(path.join(dir, 'report.html'), 'utf8');

    expectSelfContainedHtml(html);
    expect(html).toContain('run&lt;1&gt;&amp;&quot;x&quot;');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain(report.summary.fingerprint);
    // Equity (strategy and buy-and-hold), drawdown (both), the per-trade P&L distribution and regime bars.
    expect(html.match(/<svg /g)).toHaveLength(4);
    expect(polylinePointCounts(html)).toEqual([5, 5, 5, 5]);
    expect(html).toMatch(/<rect [^>]*><title>bull, Strategy: /);
    expect(html).toContain('<td>bear</td>');
    expect(html).toContain('All 3 trades.');
    expect(html).toContain('<td>Sharpe</td>');
    expect(html).toContain('Walk-forward folds');
  });

  it('shows where the money went: the strategy, the rule-based run and buy & hold, in total and per asset', async () => {
    const rule = { kind: 'run' as const, label: 'rule-based (trend)', equity: increasedEquity, fills: increasedFills.slice(4, 5), closedPositions: [] };
    const input = increasedInput({ ruleBased: rule });
    const dir = tempDir();
    await writeReport(dir, buildReport(input, { generatedAt: GENERATED }), input);
    const html = fs.readFileSync(path.join(dir, 'report.html'), 'utf8');
    expectSelfContainedHtml(html);
    expect(html).toContain('<h2>Where the money went</h2>');
    const money = html.match(/<table class="money">.*?<\/table>/s)?.[0] ?? '';
    for (const h of [
      'Return',
      'Sharpe',
      'Max drawdown',
      'Trades',
      'Turnover',
      'Gross P&amp;L',
      'Fees',
      'Financing',
      'Net P&amp;L',
      'Fees / gross profit',
      'Exposure (time · gross)',
      'Average holding',
      'Hit rate',
    ]) {
      expect(money).toContain(`>${h}</th>`);
    }
    // Portfolio, X and Y: strategy, rule-based and buy & hold each.
    expect(money.match(/<td>strategy<\/td>/g)).toHaveLength(3);
    expect(money.match(/<td>rule-based<\/td>/g)).toHaveLength(3);
    expect(money.match(/<td>buy &amp; hold<\/td>/g)).toHaveLength(3);
    expect(money).toContain('<td class="num pos">26.00</td>');
    // The trades table carries each position's financing: p1's 0.72 of opening and rollover fees.
    expect(html.match(/<table class="trades">.*?<\/table>/s)?.[0]).toContain('<td class="num">0.72</td>');

    const same = increasedInput({ ruleBased: { kind: 'same' } });
    await writeReport(dir, buildReport(same, { generatedAt: GENERATED }), same);
    const sameHtml = fs.readFileSync(path.join(dir, 'report.html'), 'utf8');
    expect(sameHtml).toMatch(/<td>rule-based<\/td><td class="note" colspan="13">same as the strategy: the strategy under test is the rule-based one/);
  });

  it('lists the first trades in the page and counts the rest', async () => {
    const input = handInput();
    const dir = tempDir();
    await writeReport(dir, buildReport(input, { generatedAt: GENERATED }), input, { maxTrades: 2 });
    const html = fs.readFileSync(path.join(dir, 'report.html'), 'utf8');
    expect(html).toContain('The first 2 of 3 trades; all of them are in trades.csv.');
    expect(html.match(/<table class="trades">.*?<\/table>/s)?.[0].match(/<tr>/g)).toHaveLength(1 + 2);
  });

  it('replaces an older report whole, and leaves no temporary file behind', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'report.json'), '{"old": true}');
    const input = handInput();
    const report = buildReport(input, { generatedAt: GENERATED });
    await writeReport(dir, report, input);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8'))).toEqual(report);
    expect(fs.readdirSync(dir).filter((f) => f.includes('tmp'))).toEqual([]);
  });

  it('on a failed write, says where and why, keeps no half file and writes no report.json', async () => {
    const dir = tempDir();
    // A folder where report.html should go: the rename onto it fails.
    fs.mkdirSync(path.join(dir, 'report.html'));
    const input = handInput();
    const failure = writeReport(dir, buildReport(input, { generatedAt: GENERATED }), input);
    await expect(failure).rejects.toThrow(UserError);
    await expect(failure).rejects.toThrow(`cannot write the backtest report to ${dir}`);
    const left = fs.readdirSync(dir).sort();
    expect(left).toEqual(['equity.csv', 'report.html', 'trades.csv']);
    expect(fs.statSync(path.join(dir, 'report.html')).isDirectory()).toBe(true);
  });

  it('refuses a report of another run than its input', async () => {
    const report = buildReport(handInput(), { generatedAt: GENERATED });
    await expect(writeReport(tempDir(), report, handInput({ runId: 'other' }))).rejects.toThrow(/report is of run hand-run, the input of run other/);
  });
});
