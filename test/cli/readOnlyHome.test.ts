import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../src/store/store.js';
import { BOT_BIN } from '../support/botProcess.js';
import { makeTempHome } from '../support/tempHome.js';

/** root may write anywhere: as root, the bot runs as nobody, for whom the home is as read-only as for its owner. */
const asOther = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

function bot(args: string[]): { code: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [BOT_BIN, ...args], {
    ...asOther,
    cwd: '/',
    encoding: 'utf8',
    env: { ...process.env, BOT_LOG_LEVEL: 'warn' },
    timeout: 60_000,
  });
  return { code: r.status, stderr: r.stderr };
}

function expectSaid(r: { code: number | null; stderr: string }, what: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(what);
  expect(r.stderr).toMatch(/chown|chmod u\+w|another --home/);
  expect(r.stderr).not.toMatch(/internal error|This is a bug|\n\s+at /);
}

describe('a home this user may not write', () => {
  const home = makeTempHome();
  const db = path.join(home.dir, 'bot.db');
  afterAll(() => {
    fs.chmodSync(home.dir, 0o755);
    home.cleanup();
  });
  beforeAll(() => {
    Store.open(db).close();
    for (const dir of ['config', 'models', 'training_data', 'backtest_results']) fs.mkdirSync(path.join(home.dir, dir));
    fs.chmodSync(db, 0o444);
    fs.chmodSync(home.dir, 0o555);
  });

  it.each([
    ['reset', ['reset', '--capital', '1000']],
    ['run', ['run', '--feed', 'replay', '--assets', 'SOL/USD', '--iterations', '1']],
    ['data import', ['data', 'import', '/dev/null', '--symbol', 'SOL/USD', '--timeframe', '1h']],
    ['status', ['status']],
    ['backup', ['backup']],
  ])('%s says which path, its permissions and how to fix it, exit 2, and leaves nothing behind', (_name, args) => {
    const r = bot(['--home', home.dir, ...args]);
    expectSaid(r, new RegExp(`cannot write ${home.dir}.*not writable for this user \\(mode 555, owner uid \\d+`));
    expect(fs.readdirSync(home.dir).sort()).toEqual(['backtest_results', 'bot.db', 'config', 'models', 'training_data']);
  });

  it('a new home inside a folder this user may not write', () => {
    const r = bot(['--home', path.join(home.dir, 'new'), 'reset']);
    expectSaid(r, new RegExp(`cannot write ${home.dir}/new: ${home.dir} is not writable for this user`));
  });

  it('a writable home whose bot.db is not writable', () => {
    const other = makeTempHome();
    try {
      fs.chmodSync(other.dir, 0o777);
      const file = path.join(other.dir, 'bot.db');
      Store.open(file).close();
      fs.chmodSync(file, 0o444);
      const r = bot(['--home', other.dir, 'reset']);
      expectSaid(r, new RegExp(`cannot write ${file}: it is not writable for this user \\(mode 444`));
    } finally {
      other.cleanup();
    }
  });
});
