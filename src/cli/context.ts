import fs from 'node:fs';
import path from 'node:path';
import { errorMessage, UserError } from '../internal/errors.js';
import type { Command } from 'commander';
import { envOverrides } from '../config/envOverrides.js';
import { loadConfig, type ConfigOverride, type LoadedConfig } from '../config/load.js';
import { createLogger, type Logger } from '../internal/logger.js';
import { ensureHome, resolveHome, type HomePaths } from '../runtime/home.js';
import { Store } from '../store/store.js';
import type { OpenOptions } from '../store/database.js';

/** Where a command writes its results (stdout) and its messages (stderr); swapped for buffers in tests. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Whether stderr is a terminal: progress bars and pretty logs only there. */
  readonly interactive: boolean;
}

export const processIo: CliIo = {
  out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
  env: process.env,
  cwd: process.cwd(),
  interactive: process.stderr.isTTY === true,
};

/** What every command gets: the resolved home, config loading, the logger, the store. */
export class CliContext {
  private cachedLogger: Logger | undefined;

  constructor(
    readonly io: CliIo,
    private readonly program: Command,
  ) {}

  get home(): HomePaths {
    const opts = this.program.opts<{ home?: string }>();
    return resolveHome(opts.home, this.io.env, this.io.cwd);
  }

  /** The home, with its folders created. */
  preparedHome(): HomePaths {
    const home = this.home;
    ensureHome(home);
    return home;
  }

  /** Shipped defaults, the home's file, BOT__* environment variables, then `flags`. */
  config(flags: readonly ConfigOverride[] = []): LoadedConfig {
    return loadConfig(this.home.configFile, this.overrides(flags));
  }

  /** What overrides the files: the environment's BOT__* variables, then the command-line flags. */
  overrides(flags: readonly ConfigOverride[] = []): ConfigOverride[] {
    return [...envOverrides(this.io.env), ...flags];
  }

  get logger(): Logger {
    if (this.cachedLogger) return this.cachedLogger;
    const opts = this.logFlags();
    const level = opts.verbose ? 'debug' : opts.quiet ? 'warn' : this.io.env['BOT_LOG_LEVEL'] || 'info';
    const file = opts.logFile === undefined ? undefined : path.resolve(this.io.cwd, opts.logFile);
    try {
      this.cachedLogger = createLogger({ pretty: this.io.interactive, level, ...(file && { file }) });
    } catch (err) {
      throw new UserError(`--log-file ${file}: cannot open it for writing (${(err as NodeJS.ErrnoException).code ?? errorMessage(err)})`, {
        hint: 'pick a file in a folder that exists and that this user may write',
      });
    }
    return this.cachedLogger;
  }

  /** -v, -q, --log-file; checked before any command runs (program.ts), so a bad pair never half-runs. */
  logFlags(): { verbose?: boolean; quiet?: boolean; logFile?: string } {
    const opts = this.program.opts<{ verbose?: boolean; quiet?: boolean; logFile?: string }>();
    if (opts.verbose && opts.quiet) throw new UserError('-v/--verbose and -q/--quiet cannot be used together', { hint: 'choose one' });
    return opts;
  }

  /** The home's store read-only, or undefined in a home without a database yet (listings show nothing then). */
  readStore(): Store | undefined {
    return fs.existsSync(this.home.database) ? this.openStore({ readonly: true }) : undefined;
  }

  /** The home's store; opened for writing, the home is prepared and the database checked first. */
  openStore(options: OpenOptions = {}): Store {
    if (options.readonly) return Store.open(this.home.database, options);
    return Store.open(this.preparedHome().database, { onWarning: (message) => this.logger.warn(message), ...options });
  }
}
