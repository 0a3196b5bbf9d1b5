import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBot } from '../support/cli.js';
import { hasSharedData, SHARED_DATA_MISSING, sharedFile } from '../support/sharedData.js';
import { FAST_STRATEGY_YAML } from '../support/fastStrategy.js';
import { makeTempHome, writeHomeConfig } from '../support/tempHome.js';
import { expectSelfContainedHtml } from './report/htmlChecks.js';

interface Summary {
  fingerprint: string;
  trades: number;
  fills: number;
  totalReturn: number;
  sharpe: number | null;
  maxDrawdown: number;
  fees: number;
  buyAndHold: { totalReturn: number; trades: number };
  dir: string;
}

/**
 * A golden backtest: a fixed slice of real candles through the rule-based strategy (on hours, so that six weeks
 * hold many decisions, adds, reductions, resting limits and their timeouts), the portfolio, risk and the
 * simulated venue on margin (so financing is charged). Its statistics and trade fingerprint are pinned: any
 * change of behaviour anywhere in the engine shows up here, and must be looked at and re-pinned on purpose.
 */
describe.skipIf(!hasSharedData)(`golden backtest ${hasSharedData ? '' : SHARED_DATA_MISSING}`, () => {
  const home = makeTempHome();
  const h = ['--home', home.dir];
  const args = [...h, 'backtest', '--assets', 'SOL/USD', 'ETH/USD', '--from', '2024-03-01', '--to', '2024-04-15', '--json'];
  afterAll(() => home.cleanup());
  beforeAll(async () => {
    writeHomeConfig(home.dir, `${FAST_STRATEGY_YAML}risk: { leverageMode: confidence }\n`);
    for (const [file, symbol] of [
      ['SOL-USDT_1h.csv', 'SOL/USD'],
      ['ETH-USDT_1h.csv', 'ETH/USD'],
      ['BTC-USDT_1h.csv', 'BTC/USD'],
    ] as const) {
      const r = await runBot([...h, 'data', 'import', sharedFile('binance', file), '--symbol', symbol, '--timeframe', '1h']);
      expect(r.code, r.stderr).toBe(0);
    }
  });

  it('reproduces its pinned statistics and fingerprint, run after run', async () => {
    const first = await runBot(args);
    expect(first.code, first.stderr).toBe(0);
    const a = JSON.parse(first.stdout) as Summary;
    const second = JSON.parse((await runBot(args)).stdout) as Summary;
    expect(second.fingerprint).toBe(a.fingerprint);
    expect(second.totalReturn).toBe(a.totalReturn);

    expect({
      fingerprint: a.fingerprint,
      trades: a.trades,
      fills: a.fills,
      totalReturn: Number(a.totalReturn.toFixed(9)),
      maxDrawdown: Number(a.maxDrawdown.toFixed(9)),
      fees: Number(a.fees.toFixed(6)),
      buyAndHold: Number(a.buyAndHold.totalReturn.toFixed(9)),
    }).toMatchInlineSnapshot(`
      {
        "buyAndHold": 0.030443856,
        "fees": 141.250114,
        "fills": 112,
        "fingerprint": "b909f3f7b57c357d93d3b51ba8d0c564c55deb53ff69a343083dd3cfcf6948ba",
        "maxDrawdown": 0.036507247,
        "totalReturn": -0.032162855,
        "trades": 29,
      }
    `);

    for (const f of ['report.json', 'trades.csv', 'equity.csv', 'report.html']) expect(fs.existsSync(path.join(a.dir, f)), f).toBe(true);
    const html = fs.readFileSync(path.join(a.dir, 'report.html'), 'utf8');
    expect(html).toContain('<svg');
    expectSelfContainedHtml(html);
  });

  it('refuses a period without candles, saying what to do', async () => {
    const r = await runBot([...h, 'backtest', '--assets', 'SOL/USD', '--from', '2019-01-01', '--to', '2019-02-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no SOL\/USD 1h candles between/);
  });
});
