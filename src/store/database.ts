import fs from 'node:fs';
import Database from 'better-sqlite3';
import { FatalError, UserError } from '../internal/errors.js';
import { DamagedDatabaseError, databaseError } from './databaseErrors.js';
import { createPrivateFile, keepDatabasePrivate, removeDatabaseFiles } from './databaseFiles.js';
import { MIGRATIONS, type Migration } from './migrations.js';

export type Db = Database.Database;

export interface OpenOptions {
  /**
   * 'full' syncs every commit to disk (live trading: an order intent must survive power loss);
   * 'normal' is WAL's usual setting, safe against a crashed or killed process.
   */
  readonly durability?: 'full' | 'normal';
  readonly readonly?: boolean;
  readonly migrations?: readonly Migration[];
  /** Told of database files other users can read that could not be made private. */
  readonly onWarning?: (message: string) => void;
}

/**
 * Open (and create or migrate) the bot's SQLite database. ':memory:' gives a private in-memory one.
 * A database opened for writing is checked first (PRAGMA quick_check): an empty, foreign or damaged file
 * is refused untouched, before the WAL switch or a migration writes to it.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const readonly = options.readonly ?? false;
  const onDisk = file !== ':memory:';
  let db: Db;
  let created = false;
  try {
    if (onDisk) created = prepareFile(file, readonly);
    db = new Database(file, { readonly, fileMustExist: readonly });
  } catch (err) {
    if (err instanceof DamagedDatabaseError) throw err;
    if (created) removeDatabaseFiles(file);
    throw new UserError(`cannot open database ${file}: ${(err as Error).message}`, {
      hint: readonly
        ? 'run a command that writes (e.g. bot reset or bot data import) to create it'
        : 'check that the bot home exists and this user may write it (chown, chmod u+w), or pass another --home',
    });
  }
  try {
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    if (!readonly) {
      for (const warning of onDisk ? keepDatabasePrivate(file) : []) options.onWarning?.(warning);
      if (onDisk && !created) assertIntact(db, file);
      if (onDisk) db.pragma('journal_mode = WAL');
      db.pragma(`synchronous = ${options.durability === 'full' ? 'FULL' : 'NORMAL'}`);
      migrate(db, options.migrations ?? MIGRATIONS);
    } else {
      checkVersion(db, options.migrations ?? MIGRATIONS);
    }
  } catch (err) {
    db.close();
    // A database this call created holds nothing yet: left behind, it would be refused as empty next time.
    if (created) removeDatabaseFiles(file);
    throw databaseError(err, file, true) ?? err;
  }
  return db;
}

/**
 * Refuse an existing empty file (SQLite would take it for a new database and the portfolio it held would
 * vanish without a word); create a missing one, private, for writing. Returns whether it was created.
 */
function prepareFile(file: string, readonly: boolean): boolean {
  const exists = refuseEmpty(file);
  return !exists && !readonly && createPrivateFile(file);
}

/** Throw if `file` exists but is empty; returns whether it exists. */
export function refuseEmpty(file: string): boolean {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    return false;
  }
  if (size === 0) throw new DamagedDatabaseError(file, 'is empty (0 bytes): whatever it held is gone', { atOpen: true });
  return true;
}

/** PRAGMA quick_check: page structure, cells, free list; throws what it found wrong. */
export function assertIntact(db: Db, file: string): void {
  const problems = (db.pragma('quick_check') as { quick_check: string }[])
    .map((r) => r.quick_check.replace(/^\*\*\* in database \w+ \*\*\*\s*/, '').replace(/\s+/g, ' '))
    .filter((p) => p !== 'ok');
  if (problems.length === 0) return;
  const shown = problems.slice(0, 3).join('; ') + (problems.length > 3 ? `; and ${problems.length - 3} more` : '');
  throw new DamagedDatabaseError(file, `is damaged (PRAGMA quick_check: ${shown})`, { atOpen: true });
}

function currentVersion(db: Db): number {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!hasTable) return 0;
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
  return row.v ?? 0;
}

function checkVersion(db: Db, migrations: readonly Migration[]): number {
  const version = currentVersion(db);
  const latest = migrations.at(-1)?.version ?? 0;
  if (version > latest) {
    throw new FatalError(`database schema version ${version} is newer than this bot knows (${latest})`, {
      hint: 'upgrade bot, or point --home at another folder',
    });
  }
  return version;
}

export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
  const version = checkVersion(db, migrations);
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of migrations) {
    if (m.version <= version) continue;
    db.transaction(() => {
      db.exec(m.sql);
      // Wall time here is bookkeeping about the file, not trading state.
      record.run(m.version, m.name, Date.now());
    }).immediate();
  }
}
