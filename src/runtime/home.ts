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
    database: path.join(root, 'bot.db'),
    lockFile: path.join(root, 'bot.lock'),
  };
}

/** Create the home's folders if they are missing (never touches what is already there). */
export function ensureHome(home: HomePaths): void {
  if (fs.existsSync(home.root) && !fs.statSync(home.root).isDirectory()) {
    throw new UserError(`bot home ${home.root} is a file, not a folder`, { hint: 'pass another --home' });
  }
  for (const dir of [home.root, home.configDir, home.modelsDir, home.trainingDataDir, home.backtestResultsDir]) {
    try {
      fs.mkdirSync(dir, { recursive: true });
    } catch (err) {
      throw new UserError(`cannot create ${dir}: ${(err as NodeJS.ErrnoException).code ?? err}`, {
        hint: 'check the permissions of the bot home, or pass another --home',
      });
    }
  }
}
