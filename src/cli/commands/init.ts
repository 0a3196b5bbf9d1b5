import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { initConfigTemplate } from '../../config/initTemplate.js';
import { loadConfig } from '../../config/load.js';
import { UserError } from '../../internal/errors.js';
import { ensureHome, homePaths } from '../../runtime/home.js';
import type { CliContext } from '../context.js';

/** The strategy's warm-up (97 days of hourly bars) with some margin: where a first download starts. */
const HISTORY_DAYS = 120;
/** A first backtest: the days of that history after the warm-up. */
const BACKTEST_DAYS = 20;

export function registerInit(program: Command, ctx: CliContext): void {
  program
    .command('init [dir]')
    .description('create a bot home: folders and a config/default.yaml listing every key, its default and what it does')
    .addHelpText('after', '\nDIR defaults to --home, $BOT_HOME or the current folder. An existing config is never overwritten.\n\nExample:\n  bot init ~/bot')
    .action((dir: string | undefined) => {
      const home = dir === undefined ? ctx.home : homePaths(path.resolve(ctx.io.cwd, dir));
      if (fs.existsSync(home.configFile)) {
        throw new UserError(`${home.configFile} already exists; bot init leaves it as it is`, {
          hint: '`bot config show` prints what it sets; move it away first to start from a fresh one',
        });
      }
      ensureHome(home);
      const text = initConfigTemplate();
      fs.writeFileSync(home.configFile, text, { flag: 'wx' });
      // What was written must load: a template that does not would strand a new user at the first command.
      const { config } = loadConfig(home.configFile);
      const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
      const since = day(HISTORY_DAYS);
      const cd = path.relative(ctx.io.cwd, home.root) || '.';
      ctx.io.out(
        [
          `created the bot home ${home.root}`,
          `  config/default.yaml   every key with its default, commented out: remove a # to change one`,
          `  models/ training_data/ backtest_results/`,
          '',
          'next:',
          `  export BOT_HOME=${cd === '.' ? home.root : path.resolve(home.root)}`,
          ...commented([
            [`bot data download --assets ${config.assets.join(' ')} --since ${since}`, 'history: the strategy needs ~97 days before its first decision'],
            [`bot backtest --from ${day(BACKTEST_DAYS)}`, 'the last weeks after the warm-up; report in backtest_results/'],
            ['bot run --sandbox', 'paper trading on live Kraken data (Ctrl-C stops it)'],
          ]),
        ].join('\n'),
      );
    });
}

/** Commands with their comments in one column, whatever the length of the assets list. */
function commented(lines: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(...lines.map(([command]) => command.length));
  return lines.map(([command, why]) => `  ${command.padEnd(width)}   # ${why}`);
}
