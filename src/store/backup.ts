import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { UserError } from '../internal/errors.js';
import { assertIntact, refuseEmpty, type Db } from './database.js';
import { databaseError } from './databaseErrors.js';
import { createPrivateFile, removeDatabaseFiles } from './databaseFiles.js';

export interface BackupResult {
  readonly file: string;
  readonly bytes: number;
  readonly pages: number;
}

/** Every page in one step: a step interleaved with another connection's commit would start the copy over. */
const ALL_PAGES = 0x7fffffff;

/**
 * Copy the database with SQLite's online backup API: a consistent snapshot, safe beside a running daemon
 * (in WAL mode a reader never blocks its writer). The copy is written to a private temporary file beside
 * `to`, checked (quick_check), turned into a single file (no -wal), and only then renamed to `to`: a backup
 * that exists is whole. A damaged database gives no backup.
 */
export async function backupDatabase(from: string, to: string): Promise<BackupResult> {
  if (fs.existsSync(to)) throw new UserError(`${to} exists; a backup never overwrites a file`, { hint: 'pick another --to, or move that file away' });
  const partial = `${to}.partial-${process.pid}`;
  const source = openSource(from);
  try {
    createPrivateFile(partial);
    const { totalPages } = await source.backup(partial, { progress: () => ALL_PAGES });
    checkCopy(partial, to);
    fs.renameSync(partial, to);
    return { file: to, bytes: fs.statSync(to).size, pages: totalPages };
  } catch (err) {
    throw databaseError(err, from) ?? err;
  } finally {
    source.close();
    removeDatabaseFiles(partial);
  }
}

/**
 * The database as it is, checked, without migrating it (a backup taken before an upgrade must be of the
 * old schema), and read-write only so that closing it tidies the -wal and -shm files when it is the last.
 */
function openSource(file: string): Db {
  if (!refuseEmpty(file)) throw new UserError(`there is no database to back up: ${file} does not exist`, { hint: 'check --home (or $BOT_HOME)' });
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    assertIntact(db, file);
    return db;
  } catch (err) {
    db.close();
    throw databaseError(err, file, true) ?? err;
  }
}

/** The copy as a single file (no -wal beside it), and as sound as its source. */
function checkCopy(copy: string, name: string): void {
  const db = new Database(copy, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
    assertIntact(db, name);
  } finally {
    db.close();
  }
}

/** A backup's file name: the UTC time it was taken, so that names sort by age. */
export function backupFileName(now: number): string {
  return `bot-${new Date(now)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}.db`;
}

/** The newest backup in `dir` (by name), if any. */
export function latestBackup(dir: string): string | undefined {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return undefined;
  }
  const newest = names
    .filter((n) => /^bot-\d{8}T\d{6}Z\.db$/.test(n))
    .sort()
    .at(-1);
  return newest === undefined ? undefined : path.join(dir, newest);
}
