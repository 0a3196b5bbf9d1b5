import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/internal/errors.js';
import { acquireHomeLock, lockHolder } from '../../src/runtime/homeLock.js';
import { makeTempHome } from '../support/tempHome.js';

const HOME_LOCK_SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'runtime', 'homeLock.ts');

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
function tempDir(): string {
  const h = makeTempHome();
  cleanups.push(h.cleanup);
  return h.dir;
}
function lockFile(): string {
  return path.join(tempDir(), 'bot.lock');
}

/** The pid of a process that has exited: what a lock left by kill -9 names. */
function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString());
}
const staleLock = (pid = deadPid()) => JSON.stringify({ pid, host: os.hostname(), startedAt: 'then', command: 'bot run' });

describe('home lock', () => {
  it('refuses a second holder while the first lives, and frees on release', () => {
    const file = lockFile();
    const lock = acquireHomeLock(file, 'bot run');
    expect(() => acquireHomeLock(file, 'bot run')).toThrow(UserError);
    expect(() => acquireHomeLock(file, 'bot run')).toThrow(/another bot \(pid \d+/);
    lock.release();
    expect(fs.existsSync(file)).toBe(false);
    acquireHomeLock(file, 'bot run').release();
  });

  it('is readable by its owner only, and leaves no file of its making behind', () => {
    const file = lockFile();
    const lock = acquireHomeLock(file, 'bot run');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['bot.lock']);
    lock.release();
    expect(fs.readdirSync(path.dirname(file))).toEqual([]);
  });

  it('takes over a lock left by a process that is gone (kill -9)', () => {
    const file = lockFile();
    fs.writeFileSync(file, staleLock());
    expect(lockHolder(file)).toBeUndefined();
    const lock = acquireHomeLock(file, 'bot run');
    expect(lockHolder(file)?.pid).toBe(process.pid);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['bot.lock']);
    lock.release();
  });

  it('a takeover interrupted by its taker dying is refused with what to remove, not guessed at', () => {
    const file = lockFile();
    const stale = staleLock();
    fs.writeFileSync(file, stale);
    const marker = `${file}.takeover-${crypto.createHash('sha256').update(stale).digest('hex').slice(0, 16)}`;
    fs.writeFileSync(marker, JSON.stringify({ pid: deadPid(), host: os.hostname() }));
    expect(() => acquireHomeLock(file, 'bot run')).toThrow(/a takeover of the stale lock .*bot\.lock was interrupted/);
    expect(fs.readFileSync(file, 'utf8')).toBe(stale);
    fs.rmSync(marker);
    acquireHomeLock(file, 'bot run').release();
  });

  it('concurrent starters against a stale lock: exactly one wins, every time', async () => {
    const dir = tempDir();
    const starters = 4;
    const rounds = 40;
    const dead = deadPid();
    for (let r = 0; r < rounds; r++) fs.writeFileSync(path.join(dir, `round-${r}.lock`), staleLock(dead));
    // Each starter lines up with the others before every round (a barrier of files), then takes that round's
    // lock, and holds what it won until all are done: a winner gone early would leave a stale lock behind.
    const child = `
      import fs from 'node:fs';
      import path from 'node:path';
      import { acquireHomeLock } from ${JSON.stringify(HOME_LOCK_SRC)};
      const [dir, me, n, rounds] = [process.argv[1], process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
      const barrier = (name) => {
        fs.writeFileSync(path.join(dir, name + '.' + me), '');
        while (fs.readdirSync(dir).filter((f) => f.startsWith(name + '.')).length < n);
      };
      const won = [];
      for (let r = 0; r < rounds; r++) {
        barrier('go' + r);
        try {
          acquireHomeLock(path.join(dir, 'round-' + r + '.lock'), 'starter ' + me);
          won.push(1);
        } catch (err) {
          won.push(err.name === 'UserError' ? 0 : String(err));
        }
      }
      process.stdout.write(JSON.stringify(won));
      process.stdin.resume();
      process.stdin.on('end', () => process.exit(0));
    `;
    const kids = Array.from({ length: starters }, (_, i) =>
      spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', child, dir, String(i), String(starters), String(rounds)], {
        stdio: ['pipe', 'pipe', 'pipe'],
      }),
    );
    const results = await Promise.all(
      kids.map(
        (k) =>
          new Promise<Array<number | string>>((resolve, reject) => {
            let out = '';
            let err = '';
            k.stdout.on('data', (d: Buffer) => {
              out += d.toString();
              if (out.endsWith(']')) resolve(JSON.parse(out) as Array<number | string>);
            });
            k.stderr.on('data', (d: Buffer) => (err += d.toString()));
            k.on('exit', (code) => reject(new Error(`starter exited (${code}) before reporting: ${err}`)));
          }),
      ),
    );
    const exited = kids.map((k) => new Promise((resolve) => k.on('exit', resolve)));
    kids.forEach((k) => k.stdin.end());
    await Promise.all(exited);

    expect(results.flat().filter((x) => typeof x === 'string')).toEqual([]);
    const winners = Array.from({ length: rounds }, (_, r) => results.filter((won) => won[r] === 1).length);
    expect(winners).toEqual(Array.from({ length: rounds }, () => 1));
    const locks = fs.readdirSync(dir).filter((f) => f.includes('.lock'));
    expect(locks.sort()).toEqual(Array.from({ length: rounds }, (_, r) => `round-${r}.lock`).sort());
  });
});
