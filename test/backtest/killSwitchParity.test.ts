import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillFingerprint } from '../../src/backtest/report/fingerprint.js';
import { Store } from '../../src/store/store.js';
import { runBot } from '../support/cli.js';
import { FAST_STRATEGY_YAML } from '../support/fastStrategy.js';
import { hasSharedData, SHARED_DATA_MISSING, sharedFile } from '../support/sharedData.js';
import { makeTempHome, writeHomeConfig } from '../support/tempHome.js';

/*
 * The kill switch acts in a backtest as it does in a paper run: with tight limits, a backtest and a sandbox
 * replay over the same bars make the same fills, and those differ from the fills without the switch.
 */
const RANGE = ['--from', '2025-05-01', '--to', '2025-06-01'];
const TIGHT = 'risk: { killSwitch: { dailyLoss: 0.004, maxDrawdown: 0.01, flatten: true } }\n';

describe.skipIf(!hasSharedData)(`kill switch parity: backtest == replay run ${hasSharedData ? '' : SHARED_DATA_MISSING}`, () => {
  const homes = [makeTempHome(), makeTempHome()];
  afterAll(() => homes.forEach((h) => h.cleanup()));
  const [tight, loose] = homes.map((h) => ['--home', h.dir]) as [string[], string[]];

  beforeAll(async () => {
    writeHomeConfig((homes[0] as { dir: string }).dir, FAST_STRATEGY_YAML + TIGHT);
    writeHomeConfig((homes[1] as { dir: string }).dir, FAST_STRATEGY_YAML);
    for (const h of [tight, loose]) {
      const r = await runBot([...h, 'data', 'import', sharedFile('binance', 'SOL-USDT_1h.csv'), '--symbol', 'SOL/USD', '--timeframe', '1h']);
      expect(r.code, r.stderr).toBe(0);
    }
  }, 120_000);

  it('with tight limits the backtest halts where the replay halts: the same fills, and not the fills of a run without the switch', async () => {
    const backtest = async (h: string[]) => {
      const r = await runBot([...h, 'backtest', '--assets', 'SOL/USD', ...RANGE, '--json']);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as { fingerprint: string; fills: number };
    };
    const [halted, free] = [await backtest(tight), await backtest(loose)];
    expect(free.fills).toBeGreaterThan(0);
    expect(halted.fingerprint).not.toBe(free.fingerprint);

    const run = await runBot([...tight, 'run', '--sandbox', '--feed', 'replay', '--assets', 'SOL/USD', ...RANGE, '--interval', '0']);
    expect(run.code, run.stderr).toBe(0);
    const store = Store.open(path.join((homes[0] as { dir: string }).dir, 'bot.db'), { readonly: true });
    try {
      const epoch = store.trading.latestEpoch()?.id ?? 0;
      const fills = store.trading.fills(epoch);
      expect(fills.length).toBe(halted.fills);
      expect(fillFingerprint(fills)).toBe(halted.fingerprint);
    } finally {
      store.close();
    }
  }, 300_000);
});
