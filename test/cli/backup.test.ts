import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/store.js';
import { spawnBot, waitFor } from '../support/botProcess.js';
import { runBot } from '../support/cli.js';
import { hasSharedData, SHARED_DATA_MISSING } from '../support/sharedData.js';
import { makeTempHome, writeHomeConfig } from '../support/tempHome.js';
import { sha256, tableCounts, tradeInHome } from './tradedHome.js';

const cleanups: Array<() => void> = [];
afterAll(() => cleanups.splice(0).forEach((c) => c()));
function tempHome(): string {
  const h = makeTempHome();
  cleanups.push(h.cleanup);
  return h.dir;
}

describe.skipIf(!hasSharedData)(`bot backup ${hasSharedData ? '' : SHARED_DATA_MISSING}`, () => {
  let home: string;
  let db: string;
  beforeAll(async () => {
    home = tempHome();
    db = await tradeInHome(home);
  });

  it('writes a private, checked copy to backups/ that holds the same rows, and restoring it is a copy', async () => {
    const r = await runBot(['--home', home, 'backup']);
    expect(r.code, r.stderr).toBe(0);
    const [name] = fs.readdirSync(path.join(home, 'backups'));
    expect(name).toMatch(/^bot-\d{8}T\d{6}Z\.db$/);
    const copy = path.join(home, 'backups', name as string);
    expect(r.stdout).toContain(copy);
    expect(fs.statSync(copy).mode & 0o777).toBe(0o600);
    expect(fs.existsSync(`${copy}-wal`)).toBe(false);
    expect(tableCounts(copy)).toEqual(tableCounts(db));
    expect(tableCounts(copy)['fills']).toBeGreaterThan(0);

    // Restore as README.md says: the backup copied to bot.db of a home.
    const restored = tempHome();
    fs.copyFileSync(copy, path.join(restored, 'bot.db'));
    const [a, b] = await Promise.all([runBot(['--home', home, 'status', '--json']), runBot(['--home', restored, 'status', '--json'])]);
    expect(b.code, b.stderr).toBe(0);
    expect(JSON.parse(b.stdout)).toEqual(JSON.parse(a.stdout));
  });

  it('--to FILE writes there, and never overwrites a file or writes into a missing folder', async () => {
    const dir = tempHome();
    const to = path.join(dir, 'copy.db');
    expect((await runBot(['--home', home, 'backup', '--to', to])).code).toBe(0);
    expect(tableCounts(to)).toEqual(tableCounts(db));
    const before = sha256(to);
    const again = await runBot(['--home', home, 'backup', '--to', to]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/copy\.db exists; a backup never overwrites a file/);
    expect(sha256(to)).toBe(before);
    const missing = await runBot(['--home', home, 'backup', '--to', path.join(dir, 'nowhere', 'copy.db')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/the folder .*nowhere does not exist/);
    expect(fs.readdirSync(dir)).toEqual(['copy.db']);
  });

  it('a home without a database has nothing to back up', async () => {
    const r = await runBot(['--home', tempHome(), 'backup']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/there is no database to back up: .*bot\.db does not exist/);
  });

  it('is safe while a daemon writes: every backup is a whole iteration, and the daemon goes on and stops cleanly', async () => {
    const live = tempHome();
    fs.copyFileSync(db, path.join(live, 'bot.db'));
    writeHomeConfig(live, 'store:\n  decisionRetentionDays: 0\n');
    // A short pause between iterations: with none, the loop never returns to the event loop to hear SIGTERM.
    const daemon = spawnBot(['--home', live, 'run', '--feed', 'replay', '--assets', 'SOL/USD', '--iterations', '100000', '--interval', '0.005']);
    const lastEquityTime = (file: string) => {
      const store = Store.open(file, { readonly: true });
      try {
        return store.trading.equityCurve(1).at(-1)?.time ?? 0;
      } finally {
        store.close();
      }
    };
    const start = lastEquityTime(db);
    const copies: string[] = [];
    try {
      for (let i = 0; i < 3; i++) {
        const seen = lastEquityTime(path.join(live, 'bot.db'));
        // The first wait includes the daemon's start, slow on a busy machine.
        await waitFor(() => lastEquityTime(path.join(live, 'bot.db')) > seen, 90_000);
        const to = path.join(live, `during-${i}.db`);
        const r = await runBot(['--home', live, 'backup', '--to', to]);
        expect(r.code, r.stderr).toBe(0);
        copies.push(to);
      }
    } finally {
      daemon.child.kill('SIGTERM');
    }
    const ended = await daemon.exited;
    expect(ended.code, ended.stderr).toBe(0);

    const final = Store.open(path.join(live, 'bot.db'), { readonly: true });
    try {
      for (const copy of copies) {
        const check = new Database(copy, { readonly: true });
        expect(check.pragma('quick_check', { simple: true })).toBe('ok');
        check.close();
        // A whole iteration: its cash and its equity point were written in one transaction. And what came
        // before it, in full: the daemon's final rows begin with the copy's.
        const backup = Store.open(copy, { readonly: true });
        try {
          const curve = backup.trading.equityCurve(1);
          expect(curve.at(-1)?.time).toBeGreaterThan(start);
          expect(backup.trading.cash(1)).toBe(curve.at(-1)?.cash);
          expect(final.trading.equityCurve(1).slice(0, curve.length)).toEqual(curve);
          const fills = backup.trading.fills(1);
          expect(final.trading.fills(1).slice(0, fills.length)).toEqual(fills);
          const orders = backup.trading.orders(1);
          expect(
            final.trading
              .orders(1)
              .slice(0, orders.length)
              .map((o) => o.request),
          ).toEqual(orders.map((o) => o.request));
        } finally {
          backup.close();
        }
      }
    } finally {
      final.close();
    }
  });
});
