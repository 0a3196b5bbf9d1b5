import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/internal/errors.js';
import { acquireHomeLock, lockHolder } from '../../src/runtime/homeLock.js';
import { makeTempHome } from '../support/tempHome.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
function lockFile(): string {
  const h = makeTempHome();
  cleanups.push(h.cleanup);
  return path.join(h.dir, 'bot.lock');
}

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

  it('takes over a lock left by a process that is gone (kill -9)', () => {
    const file = lockFile();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    fs.writeFileSync(file, JSON.stringify({ pid: Number(dead), host: os.hostname(), startedAt: 'then', command: 'bot run' }));
    expect(lockHolder(file)).toBeUndefined();
    const lock = acquireHomeLock(file, 'bot run');
    expect(lockHolder(file)?.pid).toBe(process.pid);
    lock.release();
  });
});
