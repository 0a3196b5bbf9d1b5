import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latestEpochOf } from '../../src/store/epochModes.js';
import { Store } from '../../src/store/store.js';
import { spawnBot } from '../support/botProcess.js';
import { runBot } from '../support/cli.js';
import type { KrakenFuturesEmulator } from '../support/krakenFutures/index.js';
import { hasSharedData, SHARED_DATA_MISSING } from '../support/sharedData.js';
import { makeTempHome } from '../support/tempHome.js';
import { databaseOf } from '../daemon/liveHarness.js';
import {
  auditFutures,
  FUTURES_ENV,
  FUTURES_KEY,
  FUTURES_SECRET,
  futuresDifferences,
  startFuturesEmulator,
  writeFuturesHome,
} from '../daemon/futuresLiveHarness.js';

const args = (home: string, iterations: number, extra: readonly string[] = []) => [
  '--home',
  home,
  'run',
  '--live',
  '--venue',
  'kraken-futures',
  '--iterations',
  String(iterations),
  '--interval',
  '0.05',
  '--retry-budget',
  '60',
  ...extra,
];

async function runToEnd(argv: readonly string[], env: NodeJS.ProcessEnv = FUTURES_ENV): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const r = await spawnBot([...argv], { ...env, BOT_LOG_LEVEL: 'debug' }).exited;
  return { code: r.code, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!hasSharedData)(`bot run --live --venue kraken-futures against the futures emulator ${hasSharedData ? '' : SHARED_DATA_MISSING}`, () => {
  const home = makeTempHome();
  let emu: KrakenFuturesEmulator;
  beforeAll(async () => {
    emu = await startFuturesEmulator();
    writeFuturesHome(home.dir, emu);
  });
  afterAll(async () => {
    await emu.close();
    home.cleanup();
  });

  it('--demo rehearses without a question: trades the perpetuals, protects each position with a reduce-only stop, books fees and funding from the account log, and stops with the store equal to the account; a restart continues it', async () => {
    const run = await runToEnd(args(home.dir, 60, ['--demo']));
    expect(run.code, run.stderr.slice(-3000)).toBe(0);
    expect(run.stdout).toContain("LIVE REHEARSAL on krakenfutures (demo): real orders on Kraken's demo futures exchange");
    expect(run.stdout).not.toContain('Type "yes"');

    const audit = auditFutures(emu, databaseOf(home.dir));
    expect(futuresDifferences(audit)).toEqual([]);
    expect(audit.storeFills).toBeGreaterThan(0);
    expect(audit.reduceOnlyStops).toBeGreaterThan(0);
    expect(audit.funding.exchange).not.toBe(0);
    // Every opening order was margined at its leverage preference first, and sent once.
    expect(emu.requestsTo('private/leveragepreferences').some((r) => r.method === 'PUT')).toBe(true);
    expect(emu.requestsTo('private/sendorder').every((r) => typeof r.params['cliOrdId'] === 'string')).toBe(true);

    const store = Store.open(databaseOf(home.dir), { readonly: true });
    try {
      const demo = latestEpochOf(store.db, 'live', 'kraken-futures', 'demo');
      expect(demo).toBeDefined();
      expect(latestEpochOf(store.db, 'live', 'kraken-futures', 'production')).toBeUndefined();
      expect(store.trading.charges(demo?.id ?? 0).some((c) => c.kind === 'funding')).toBe(true);
    } finally {
      store.close();
    }

    const again = await runToEnd(args(home.dir, 10, ['--demo']));
    expect(again.code, again.stderr.slice(-3000)).toBe(0);
    expect(again.stderr).toContain('start-up reconciliation: the books agree with the exchange');
    expect(futuresDifferences(auditFutures(emu, databaseOf(home.dir)))).toEqual([]);
    for (const secret of [FUTURES_KEY, FUTURES_SECRET]) expect(`${run.stderr}${run.stdout}${again.stderr}`).not.toContain(secret);
  });

  it('refuses to start (exit 2, nothing sent) when the USD collateral differs from what the books explain', async () => {
    emu.exchange.account.balance += 123.45;
    const sends = emu.requestsTo('private/sendorder').length;
    const r = await runToEnd(args(home.dir, 5, ['--demo']));
    expect(r.code, r.stderr.slice(-3000)).toBe(2);
    expect(r.stderr).toMatch(/USD balance on the exchange is [\d.,]+, the books explain [\d.,]+ .*123\.45 USD unexplained/);
    expect(emu.requestsTo('private/sendorder').length).toBe(sends);
    emu.exchange.account.balance -= 123.45;
  });

  it('production needs the usual confirmation; a demo epoch is never continued there', async () => {
    const unconfirmed = await runBot(args(home.dir, 1), FUTURES_ENV);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toMatch(/needs a confirmation/);

    // Production is another account than the demo one: another emulator, on the same home.
    const production = await startFuturesEmulator();
    writeFuturesHome(home.dir, production);
    const prod = await runToEnd(args(home.dir, 3, ['--yes']));
    await production.close();
    writeFuturesHome(home.dir, emu);
    expect(prod.code, prod.stderr.slice(-3000)).toBe(0);
    expect(prod.stdout).toContain('LIVE TRADING on krakenfutures: real orders with real money.');
    const store = Store.open(databaseOf(home.dir), { readonly: true });
    try {
      const demo = latestEpochOf(store.db, 'live', 'kraken-futures', 'demo');
      const live = latestEpochOf(store.db, 'live', 'kraken-futures', 'production');
      expect(live).toBeDefined();
      expect(live?.id).not.toBe(demo?.id);
    } finally {
      store.close();
    }
  });

  it('--demo is refused without --live, on spot, and without the futures keys (exit 2)', async () => {
    const withoutLive = await runBot(['--home', home.dir, 'run', '--demo', '--venue', 'kraken-futures', '--iterations', '1'], FUTURES_ENV);
    expect(withoutLive.code).toBe(2);
    expect(withoutLive.stderr).toMatch(/--demo needs --live/);
    const spot = await runBot(['--home', home.dir, 'run', '--live', '--demo', '--venue', 'kraken-spot', '--iterations', '1'], FUTURES_ENV);
    expect(spot.code).toBe(2);
    expect(spot.stderr).toMatch(/--demo is for the kraken-futures venue/);
    const noKeys = await runBot(args(home.dir, 1, ['--demo']), { KRAKEN_FUTURES_API_KEY: '', KRAKEN_API_KEY: 'spot-key', KRAKEN_API_SECRET: 'spot-secret' });
    expect(noKeys.code).toBe(2);
    expect(noKeys.stderr).toMatch(/--live --demo needs KRAKEN_FUTURES_API_KEY and KRAKEN_FUTURES_API_SECRET/);
  });
});
