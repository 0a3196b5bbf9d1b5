import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildReport, writeReport } from '../../src/backtest/report/index.js';
import { handInput, T } from '../backtest/report/handRun.js';
import { runBot } from '../support/cli.js';
import { makeTempHome } from '../support/tempHome.js';

const listed = z.object({
  runs: z.array(z.object({ runId: z.string(), totalReturn: z.number(), trades: z.number(), netPnl: z.number() })),
  unreadable: z.array(z.object({ dir: z.string(), problem: z.string() })),
});
const compared = z.object({
  runs: z.array(z.object({ runId: z.string() })),
  metrics: z.array(z.object({ metric: z.string(), a: z.number().nullable(), b: z.number().nullable(), difference: z.number().nullable() })),
  config: z.array(z.object({ key: z.string(), a: z.string(), b: z.string() })),
});

describe('bot backtest list and compare: the runs backtest_results/ holds', () => {
  const home = makeTempHome('bot-backtest-runs-');
  afterAll(home.cleanup);
  const h = ['--home', home.dir];
  const results = path.join(home.dir, 'backtest_results');

  it('lists every run with its figures, names a folder that holds no readable report, and compares two', async () => {
    const one = handInput({ runId: '20250101T000000Z-A-B', config: { risk: { stopAtr: 1.3 }, assets: ['A/USD', 'B/USD'] } });
    const two = handInput({ runId: '20250102T000000Z-A-B', config: { risk: { stopAtr: 2 }, assets: ['A/USD', 'B/USD'] } });
    for (const input of [one, two]) await writeReport(path.join(results, input.runId), buildReport(input, { generatedAt: T(10) }), input);
    fs.mkdirSync(path.join(results, '20250103T000000Z-interrupted'));

    const list = await runBot([...h, 'backtest', 'list', '--json']);
    expect(list.code, list.stderr).toBe(0);
    const l = listed.parse(JSON.parse(list.stdout));
    const report = buildReport(one, { generatedAt: T(10) });
    expect(l.runs.map((r) => r.runId)).toEqual([one.runId, two.runId]);
    expect(l.runs[0]).toMatchObject({ totalReturn: report.summary.totalReturn, trades: report.summary.costs.trades, netPnl: report.summary.costs.netPnl });
    expect(l.unreadable).toEqual([{ dir: path.join(results, '20250103T000000Z-interrupted'), problem: expect.stringMatching(/no report\.json/) }]);
    const text = await runBot([...h, 'backtest', 'list']);
    expect(text.stdout).toMatch(new RegExp(`^${one.runId} +A/USD B/USD +1h`, 'm'));

    const cmp = await runBot([...h, 'backtest', 'compare', one.runId, path.join(results, two.runId), '--json']);
    expect(cmp.code, cmp.stderr).toBe(0);
    const c = compared.parse(JSON.parse(cmp.stdout));
    expect(c.runs.map((r) => r.runId)).toEqual([one.runId, two.runId]);
    expect(c.metrics.find((m) => m.metric === 'net P&L')).toEqual({
      metric: 'net P&L',
      a: report.summary.costs.netPnl,
      b: report.summary.costs.netPnl,
      difference: 0,
    });
    expect(c.config).toEqual([{ key: 'risk.stopAtr', a: '1.3', b: '2' }]);
    const cmpText = await runBot([...h, 'backtest', 'compare', one.runId, two.runId]);
    expect(cmpText.stdout).toMatch(/same fingerprint/);
    expect(cmpText.stdout).toMatch(/^risk\.stopAtr +1\.3 +2$/m);
  });

  it('an unknown run is refused with exit 2 and the runs there are', async () => {
    const r = await runBot([...h, 'backtest', 'compare', '20250101T000000Z-A-B', 'no-such-run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no backtest run "no-such-run"/);
    expect(r.stderr).toMatch(/20250102T000000Z-A-B/);
  });

  it('backtest without --from says it is required (exit 2)', async () => {
    const r = await runBot([...h, 'backtest', '--to', '2025-01-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--from/);
  });
});
