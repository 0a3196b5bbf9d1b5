import fs from 'node:fs';
import os from 'node:os';
import { UserError } from '../internal/errors.js';

interface LockContent {
  pid: number;
  host: string;
  startedAt: string;
  command: string;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(file: string): LockContent | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LockContent;
  } catch {
    return undefined;
  }
}

/** Who holds the home's lock, if a live process does. A lock left by a killed process does not count. */
export function lockHolder(file: string): LockContent | undefined {
  const held = readLock(file);
  if (!held) return undefined;
  if (held.host === os.hostname() && !processAlive(held.pid)) return undefined;
  return held;
}

export interface HomeLock {
  release(): void;
}

/**
 * Take the home's lock, or refuse with who holds it. One daemon per home: two daemons on one database
 * would each believe they own the portfolio. A lock left behind by a killed daemon is taken over.
 */
export function acquireHomeLock(file: string, command: string): HomeLock {
  const content: LockContent = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString(), command };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(content), { flag: 'wx' });
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          if (readLock(file)?.pid === process.pid) fs.rmSync(file, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = lockHolder(file);
      if (holder) throw refusal(file, holder);
      // Stale: its process is gone. Remove it and try again; a racing starter may win, and then we refuse.
      fs.rmSync(file, { force: true });
    }
  }
  const holder = lockHolder(file);
  throw refusal(file, holder ?? content);
}

function refusal(file: string, holder: LockContent): UserError {
  return new UserError(
    `another bot (pid ${holder.pid} on ${holder.host}, '${holder.command}', since ${holder.startedAt}) holds this home (${file})`,
    { hint: 'stop that daemon first (Ctrl-C or kill), or pass another --home' },
  );
}
