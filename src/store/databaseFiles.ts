import fs from 'node:fs';

/** The database and the files SQLite keeps beside it in WAL mode. */
export function databaseFiles(file: string): string[] {
  return [file, `${file}-wal`, `${file}-shm`];
}

/** Owner read and write only: the database holds the account's orders, fills and balances. */
export const PRIVATE_MODE = 0o600;

/**
 * Take group and other permissions off the database files that exist. SQLite creates the -wal and -shm
 * files with the database's own mode, so tightening the database first covers the ones still to come.
 * Returns a line per file that could not be tightened (owned by another user), for a warning.
 */
export function keepDatabasePrivate(file: string): string[] {
  const problems: string[] = [];
  for (const f of databaseFiles(file)) {
    let mode: number;
    try {
      mode = fs.statSync(f).mode & 0o777;
    } catch {
      continue;
    }
    if ((mode & 0o077) === 0) continue;
    try {
      fs.chmodSync(f, mode & 0o700);
    } catch (err) {
      problems.push(
        `${f} is readable by other users (mode ${mode.toString(8)}) and cannot be changed (${(err as NodeJS.ErrnoException).code ?? String(err)}): chmod 600 it`,
      );
    }
  }
  return problems;
}

/** Create an empty file only its owner can read, unless it exists; returns whether it was created. */
export function createPrivateFile(file: string): boolean {
  try {
    fs.closeSync(fs.openSync(file, 'wx', PRIVATE_MODE));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/** Remove a database and its -wal and -shm files, where they exist. */
export function removeDatabaseFiles(file: string): void {
  for (const f of databaseFiles(file)) fs.rmSync(f, { force: true });
}
