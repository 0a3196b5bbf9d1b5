import path from 'node:path';
import Database from 'better-sqlite3';
import { UserError, type BotError } from '../internal/errors.js';

interface DamageOptions {
  /** Found before anything was written (at open), rather than in the middle of a command. */
  readonly atOpen?: boolean;
  /** The newest backup there is, for the hint. */
  readonly latestBackup?: string;
  readonly cause?: unknown;
}

/**
 * The database file cannot be trusted: empty, not SQLite, or with damaged pages. Carrying on would start a
 * fresh portfolio over the lost one, or commit new rows beside broken ones; the user restores a backup instead.
 */
export class DamagedDatabaseError extends UserError {
  constructor(
    readonly file: string,
    readonly problem: string,
    private readonly options: DamageOptions = {},
  ) {
    super(`the database ${file} ${problem}`, { hint: restoreHint(file, options), cause: options.cause });
  }

  /** The same refusal, its hint naming the newest backup found. */
  withLatestBackup(latestBackup: string | undefined): DamagedDatabaseError {
    return latestBackup === undefined ? this : new DamagedDatabaseError(this.file, this.problem, { ...this.options, latestBackup });
  }
}

function restoreHint(file: string, o: DamageOptions): string {
  const backup = o.latestBackup ?? 'your latest backup (bot backup writes them to backups/ in the home)';
  const name = path.basename(file);
  return (
    `${o.atOpen ? 'Nothing was written to it. ' : ''}To restore a backup, stop every bot on this home; in ${path.dirname(file)}, ` +
    `move ${name}, ${name}-wal and ${name}-shm aside and copy ${backup} to ${name}; then run bot status ` +
    '(README.md, "Backup and restore"). Without a backup, moving the files aside starts an empty database.'
  );
}

const isSqliteError = (err: unknown): err is InstanceType<typeof Database.SqliteError> => err instanceof Database.SqliteError;

/**
 * SQLite failures a user can act on, as errors that say so: a damaged or foreign file (restore it), a file or
 * folder this process may not write, a full disk. Anything else is returned as undefined.
 */
export function databaseError(err: unknown, file: string, atOpen = false): BotError | undefined {
  if (!isSqliteError(err)) return undefined;
  const code = err.code;
  if (code === 'SQLITE_NOTADB') return new DamagedDatabaseError(file, 'is not a SQLite database', { atOpen, cause: err });
  if (code.startsWith('SQLITE_CORRUPT')) return new DamagedDatabaseError(file, `is damaged (${err.message})`, { atOpen, cause: err });
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM') {
    return new UserError(`cannot write the database ${file} or its -wal and -shm files beside it (${err.message})`, {
      hint: 'run bot as the user who owns the bot home, or make the home folder and its bot.db* files writable for this user (chown, chmod u+w), or pass another --home',
      cause: err,
    });
  }
  if (code === 'SQLITE_FULL') {
    return new UserError(`the disk holding ${file} is full`, {
      hint: 'free some space and run the command again; the interrupted transaction was rolled back',
      cause: err,
    });
  }
  return undefined;
}
