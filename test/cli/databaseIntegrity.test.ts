import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBot } from '../support/cli.js';
import { hasSharedData, SHARED_DATA_MISSING } from '../support/sharedData.js';
import { makeTempHome, writeHomeConfig } from '../support/tempHome.js';
import { damageTablePage, sha256, tradeInHome } from './tradedHome.js';

const CSV = 'timestamp,open,high,low,close,volume\n1704067200000,100,101,99,100.5,10\n1704070800000,100.5,102,100,101,12\n';

/** Every command that writes to the database (or may: status and models migrate an old schema). */
const WRITERS: Record<string, (dir: string) => string[]> = {
  run: () => ['run', '--feed', 'replay', '--assets', 'SOL/USD', '--iterations', '2', '--interval', '0'],
  'run --live': () => ['run', '--live', '--yes'],
  reset: () => ['reset', '--capital', '1000'],
  'data import': (dir) => ['data', 'import', path.join(dir, 'bars.csv'), '--symbol', 'SOL/USD', '--timeframe', '1h'],
  'data download': () => ['data', 'download', '--assets', 'SOL/USD'],
  optimize: () => ['optimize', '--assets', 'SOL/USD', '--quick'],
  backtest: () => ['backtest', '--assets', 'SOL/USD', '--from', '2024-01-01', '--to', '2024-01-03'],
  status: () => ['status'],
  'models list': () => ['models', 'list'],
  backup: () => ['backup'],
};

const cleanups: Array<() => void> = [];
afterAll(() => cleanups.splice(0).forEach((c) => c()));

/** A home holding `db` as its bot.db; nothing listens on the exchange address, so no command gets past a refusal to the network. */
function homeWith(db: Buffer): string {
  const home = makeTempHome();
  cleanups.push(home.cleanup);
  writeHomeConfig(home.dir, 'exchange:\n  apiUrl: http://127.0.0.1:1\n  timeoutMs: 1000\n');
  for (const dir of ['models', 'training_data', 'backtest_results']) fs.mkdirSync(path.join(home.dir, dir));
  fs.writeFileSync(path.join(home.dir, 'bars.csv'), CSV);
  fs.writeFileSync(path.join(home.dir, 'bot.db'), db);
  return home.dir;
}

async function expectRefused(db: Buffer, problem: RegExp): Promise<void> {
  for (const [name, args] of Object.entries(WRITERS)) {
    const dir = homeWith(db);
    const file = path.join(dir, 'bot.db');
    const before = sha256(file);
    const r = await runBot(['--home', dir, ...args(dir)], { KRAKEN_API_KEY: 'k'.repeat(56), KRAKEN_API_SECRET: Buffer.alloc(64, 7).toString('base64') });
    expect(r.code, `${name}: ${r.stderr}`).toBe(2);
    expect(r.stderr, name).toMatch(problem);
    expect(r.stderr, name).toMatch(/Nothing was written to it\. To restore a backup/);
    expect(r.stderr, name).not.toMatch(/internal error|This is a bug|\n\s+at /);
    expect(sha256(file), `${name} left the database as it was`).toBe(before);
    expect(
      fs.readdirSync(dir).filter((f) => f.startsWith('bot.') && f !== 'bot.db'),
      `${name} left no lock, -wal or -shm behind`,
    ).toEqual([]);
  }
}

describe('a database that cannot be trusted is refused by every command that writes, untouched', () => {
  it('an empty (0-byte) bot.db: not taken for a new database, so the portfolio it held does not vanish in silence', async () => {
    await expectRefused(Buffer.alloc(0), /the database .*bot\.db is empty \(0 bytes\)/);
  });

  it('a file that is not SQLite', async () => {
    await expectRefused(Buffer.from('these are my notes, not a database\n'.repeat(200)), /the database .*bot\.db is not a SQLite database/);
  });
});

describe.skipIf(!hasSharedData)(`a damaged page in the fills table of a database the bot made ${hasSharedData ? '' : SHARED_DATA_MISSING}`, () => {
  let traded: Buffer;
  let damaged: Buffer;
  beforeAll(async () => {
    const home = makeTempHome();
    cleanups.push(home.cleanup);
    const file = await tradeInHome(home.dir);
    traded = fs.readFileSync(file);
    damageTablePage(file, 'fills');
    damaged = fs.readFileSync(file);
  });

  it('is refused with what quick_check found, and bot run commits nothing', async () => {
    await expectRefused(damaged, /the database .*bot\.db is damaged \(PRAGMA quick_check: .*page \d+/);
  });

  it('names the newest backup in the hint', async () => {
    const dir = homeWith(damaged);
    fs.mkdirSync(path.join(dir, 'backups'));
    for (const name of ['bot-20250101T000000Z.db', 'bot-20250301T120000Z.db', 'notes.txt']) fs.writeFileSync(path.join(dir, 'backups', name), 'x');
    const r = await runBot(['--home', dir, 'status']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`copy ${path.join(dir, 'backups', 'bot-20250301T120000Z.db')} to bot.db`);
  });

  it('damage met in the middle of a command that only reads is said as such too, not as a bug', async () => {
    const dir = homeWith(traded);
    damageTablePage(path.join(dir, 'bot.db'), 'candles');
    const r = await runBot(['--home', dir, 'data', 'check', '--symbol', 'SOL/USD', '--timeframe', '1h']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/the database .*bot\.db is damaged \(database disk image is malformed\)/);
    expect(r.stderr).toMatch(/To restore a backup/);
    expect(r.stderr).not.toMatch(/internal error|This is a bug|\n\s+at /);
  });
});
