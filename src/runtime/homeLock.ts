import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { UserError } from '../internal/errors.js';
import { homePermissionError } from './home.js';

interface LockContent {
  pid: number;
  host: string;
  startedAt: string;
  command: string;
  /** Makes every lock's text unique, so a takeover can tell one generation of the lock from the next. */
  token?: string;
}

/** Owner read and write only, like the database. */
const PRIVATE_MODE = 0o600;
/** How long a starter waits for another one that is taking over the same stale lock. */
const TAKEOVER_WAIT_MS = 5000;
const POLL_MS = 10;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function parse(text: string | undefined): LockContent | undefined {
  if (text === undefined) return undefined;
  try {
    const v = JSON.parse(text) as Partial<LockContent> | null;
    return typeof v?.pid === 'number' && typeof v.host === 'string' ? (v as LockContent) : undefined;
  } catch {
    return undefined;
  }
}

/** A holder that still runs; one on another host cannot be checked and counts as alive. */
function alive(holder: LockContent): boolean {
  return holder.host !== os.hostname() || processAlive(holder.pid);
}

/** Who holds the home's lock, if a live process does. A lock left by a killed process does not count. */
export function lockHolder(file: string): LockContent | undefined {
  const held = parse(readText(file));
  return held && alive(held) ? held : undefined;
}

export interface HomeLock {
  release(): void;
}

/**
 * Take the home's lock, or refuse with who holds it. One daemon per home: two daemons on one database
 * would each believe they own the portfolio. A lock left behind by a killed daemon is taken over, by one
 * starter only, however many try at once (see takeOver).
 */
export function acquireHomeLock(file: string, command: string): HomeLock {
  const content: LockContent = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString(), command, token: crypto.randomUUID() };
  const text = JSON.stringify(content);
  for (let attempt = 0; attempt < 5; attempt++) {
    if (create(file, text)) return held(file, text);
    const seen = readText(file);
    if (seen === undefined) continue;
    const holder = parse(seen);
    if (holder && alive(holder)) throw refusal(file, holder);
    takeOver(file, seen);
  }
  throw new UserError(`could not take the lock ${file}: other bots keep starting on this home`, { hint: 'start one bot at a time' });
}

function held(file: string, text: string): HomeLock {
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      // Only its own lock: nobody else can have replaced it while this process lives.
      if (readText(file) === text) fs.rmSync(file, { force: true });
    },
  };
}

/**
 * Create the lock with its whole content at once, or return false if it exists. The content is written to
 * a private file of this process first and hard-linked into place: another starter never reads a lock that
 * is half written (and would take it for a stale one).
 */
function create(file: string, text: string): boolean {
  const own = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
  try {
    fs.writeFileSync(own, text, { flag: 'wx', mode: PRIVATE_MODE });
    try {
      fs.linkSync(own, file);
      return true;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return false;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
      // A file system without hard links: exclusive create, with a moment in which the lock is empty.
      fs.writeFileSync(file, text, { flag: 'wx', mode: PRIVATE_MODE });
      return true;
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw homePermissionError(err) ?? err;
  } finally {
    fs.rmSync(own, { force: true });
  }
}

/**
 * Remove a stale lock whose text is `seen`, atomically among starters: only the one that creates the marker
 * named after this very lock (O_EXCL) removes it, so two starters can never both remove a lock and both
 * create their own. The lock cannot change under the marker's holder: its dead owner will not release it,
 * no one creates a lock while it exists, and removing it needs the marker. Others wait until it is gone
 * and then try again; whoever creates the next lock first wins, and the rest see a live holder.
 */
function takeOver(file: string, seen: string): void {
  const marker = `${file}.takeover-${crypto.createHash('sha256').update(seen).digest('hex').slice(0, 16)}`;
  const me = JSON.stringify({ pid: process.pid, host: os.hostname() });
  try {
    fs.writeFileSync(marker, me, { flag: 'wx', mode: PRIVATE_MODE });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw homePermissionError(err) ?? err;
    awaitTakeover(file, seen, marker);
    return;
  }
  try {
    if (readText(file) === seen) fs.rmSync(file, { force: true });
  } finally {
    fs.rmSync(marker, { force: true });
  }
}

function awaitTakeover(file: string, seen: string, marker: string): void {
  const until = Date.now() + TAKEOVER_WAIT_MS;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (readText(file) === seen) {
    const taker = parse(readText(marker));
    // Its taker died between marker and removal: no one else may remove this lock now.
    if (taker !== undefined && !alive(taker) && readText(file) === seen) {
      throw new UserError(`a takeover of the stale lock ${file} was interrupted (pid ${taker.pid} died)`, {
        hint: `no bot runs on this home: remove ${file} and ${marker}, then start again`,
      });
    }
    if (Date.now() > until) throw new UserError(`another bot is starting on this home (taking over the stale lock ${file})`, { hint: 'try again in a moment' });
    Atomics.wait(pause, 0, 0, POLL_MS);
  }
}

function refusal(file: string, holder: LockContent): UserError {
  return new UserError(`another bot (pid ${holder.pid} on ${holder.host}, '${holder.command}', since ${holder.startedAt}) holds this home (${file})`, {
    hint: 'stop that daemon first (Ctrl-C or kill), or pass another --home',
  });
}
