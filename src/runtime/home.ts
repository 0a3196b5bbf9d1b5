import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../internal/errors.js';

/** The folder a bot works in: its config, models, prepared data, reports and database. */
export interface HomePaths {
  readonly root: string;
  readonly configDir: string;
  readonly configFile: string;
  readonly modelsDir: string;
  readonly trainingDataDir: string;
  readonly backtestResultsDir: string;
  /** Where `bot backup` writes, unless told otherwise; created by the first backup. */
  readonly backupsDir: string;
  readonly database: string;
  readonly lockFile: string;
}

/** --home wins, then BOT_HOME, then the current directory. */
export function resolveHome(flag: string | undefined, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): HomePaths {
  const root = path.resolve(cwd, flag ?? env['BOT_HOME'] ?? '.');
  return homePaths(root);
}

export function homePaths(root: string): HomePaths {
  return {
    root,
    configDir: path.join(root, 'config'),
    configFile: path.join(root, 'config', 'default.yaml'),
    modelsDir: path.join(root, 'models'),
    trainingDataDir: path.join(root, 'training_data'),
    backtestResultsDir: path.join(root, 'backtest_results'),
    backupsDir: path.join(root, 'backups'),
    database: path.join(root, 'bot.db'),
    lockFile: path.join(root, 'bot.lock'),
  };
}

/**
 * Create the home's folders if they are missing (never touches what is already there), and check that
 * this process may write where every writing command must: the home itself (lock, database, its -wal and
 * -shm files) and an existing database. Models may be deployed read-only; only the commands that write
 * them need that folder writable.
 */
export function ensureHome(home: HomePaths): void {
  if (fs.existsSync(home.root) && !fs.statSync(home.root).isDirectory()) {
    throw new UserError(`bot home ${home.root} is a file, not a folder`, { hint: 'pass another --home' });
  }
  for (const dir of [home.root, home.configDir, home.modelsDir, home.trainingDataDir, home.backtestResultsDir]) {
    try {
      fs.mkdirSync(dir, { recursive: true });
    } catch (err) {
      throw homePermissionError(err) ?? new UserError(`cannot create ${dir}: ${(err as NodeJS.ErrnoException).code ?? err}`, { hint: FIX_HINT });
    }
  }
  for (const target of [home.root, home.database]) requireWritable(target);
}

const FIX_HINT = 'run bot as the user who owns it, or make it writable for this user (chown, or chmod u+w), or pass another --home';

const PERMISSION_CODES = new Set(['EACCES', 'EPERM', 'EROFS']);

function requireWritable(target: string): void {
  try {
    fs.accessSync(target, fs.constants.W_OK);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    throw homePermissionError(err) ?? err;
  }
}

/**
 * A file-system refusal (permission, read-only file system) as an error that names the path, what it is
 * like and how to fix it; undefined for any other error.
 */
export function homePermissionError(err: unknown): UserError | undefined {
  const e = err as NodeJS.ErrnoException;
  if (!(err instanceof Error) || e.code === undefined || !PERMISSION_CODES.has(e.code) || e.path === undefined) return undefined;
  if (e.code === 'EROFS') {
    return new UserError(`cannot write ${e.path}: it is on a read-only file system`, {
      hint: 'remount it read-write, or pass a --home on a writable file system',
      cause: err,
    });
  }
  const blocker = nearestExisting(e.path);
  const uid = process.getuid?.();
  let detail = 'permission denied';
  try {
    const st = fs.statSync(blocker);
    detail = `mode ${(st.mode & 0o777).toString(8).padStart(3, '0')}, owner uid ${st.uid}`;
  } catch {
    // Not even readable: "permission denied" says it.
  }
  const who = uid === undefined ? '' : `; bot runs as uid ${uid}`;
  // open(2) may have been for reading: say only that it was refused.
  if (e.syscall === 'open' && blocker === e.path) {
    return new UserError(`cannot open ${e.path}: permission denied for this user (${detail}${who})`, { hint: FIX_HINT, cause: err });
  }
  const what = blocker === e.path ? 'it' : blocker;
  return new UserError(`cannot write ${e.path}: ${what} is not writable for this user (${detail}${who})`, { hint: FIX_HINT, cause: err });
}

function nearestExisting(target: string): string {
  let cur = target;
  while (!fs.existsSync(cur) && path.dirname(cur) !== cur) cur = path.dirname(cur);
  return cur;
}
