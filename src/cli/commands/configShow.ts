import type { Command } from 'commander';
import { configValues, type ConfigValue } from '../../config/configSources.js';
import type { CliContext } from '../context.js';
import { loadConfig } from '../../config/load.js';
import type { Timeframe } from '../../domain/timeframe.js';
import { parseNumber, parseTimeframe } from '../options.js';
import { runOverrides } from './run.js';

interface ShowOptions {
  json?: boolean;
  assets?: string[];
  capital?: number;
  interval?: number;
  timeframe?: Timeframe;
}

function render(v: ConfigValue): string {
  const value = JSON.stringify(v.value);
  const from = v.origin === 'default' ? 'default' : `${v.origin} ${v.where ?? ''}`.trimEnd();
  return `${`${v.key}: ${value}`.padEnd(56)} ${from}`;
}

export function registerConfigShow(config: Command, ctx: CliContext): void {
  config
    .command('show')
    .description('print the effective configuration, each value with what set it: default, home file (file:line), environment (BOT__*) or flag')
    .option('--json', 'print JSON: the config, and every value with its source')
    .option('--assets <symbols...>', 'as bot run would be given it')
    .option('--capital <usd>', 'as bot run would be given it', parseNumber)
    .option('--interval <seconds>', 'as bot run would be given it', parseNumber)
    .option('--timeframe <tf>', 'as bot run would be given it', parseTimeframe)
    .addHelpText('after', '\nExamples:\n  bot config show\n  BOT__RISK__MAXLEVERAGE=3 bot config show --capital 5000 --json')
    .action((opts: ShowOptions) => {
      const overrides = ctx.overrides(runOverrides(opts));
      const loaded = loadConfig(ctx.home.configFile, overrides);
      const values = configValues(loaded, overrides);
      if (opts.json) {
        ctx.io.out(JSON.stringify({ home: ctx.home.root, files: loaded.sources, config: loaded.config, values }, null, 2));
        return;
      }
      ctx.io.out(`# effective configuration of the home ${ctx.home.root}`);
      ctx.io.out(`# read from ${loaded.sources.join(' + ')}${overrides.length ? ` + ${overrides.map((o) => o.flag).join(' ')}` : ''}`);
      for (const v of values) ctx.io.out(render(v));
    });
}
