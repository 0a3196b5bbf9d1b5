import { homePermissionError } from '../runtime/home.js';
import type { HomePaths } from '../runtime/home.js';
import { latestBackup } from '../store/backup.js';
import { DamagedDatabaseError, databaseError } from '../store/databaseErrors.js';

/**
 * What the user can act on, as the error that says how: a damaged database (restore the newest backup,
 * named), a database or home folder this process may not write (which path, why, how to fix). Any other
 * error is returned as it is.
 */
export function userFacingError(err: unknown, home: HomePaths): unknown {
  const mapped = databaseError(err, home.database) ?? homePermissionError(err) ?? err;
  return mapped instanceof DamagedDatabaseError ? mapped.withLatestBackup(latestBackup(home.backupsDir)) : mapped;
}
