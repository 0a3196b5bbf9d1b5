import Database from 'better-sqlite3';
import { FatalError, UserError } from '../internal/errors.js';
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
}

/** Open (and create or migrate) the bot's SQLite database. ':memory:' gives a private in-memory one. */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  let db: Db;
  try {
    db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  } catch (err) {
    throw new UserError(`cannot open database ${file}: ${(err as Error).message}`, {
      hint: options.readonly ? 'run a command that writes (e.g. bot reset or bot data import) to create it' : undefined,
    });
  }
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  if (!options.readonly) {
    if (file !== ':memory:') db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.durability === 'full' ? 'FULL' : 'NORMAL'}`);
    migrate(db, options.migrations ?? MIGRATIONS);
  } else {
    checkVersion(db, options.migrations ?? MIGRATIONS);
  }
  return db;
}

function currentVersion(db: Db): number {
  const hasTable = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
    .get();
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
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)',
  );
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
