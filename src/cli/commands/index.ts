import type { Command } from 'commander';
import type { CliContext } from '../context.js';

/** Every command of the CLI, one file each. Add a command by adding its register call below. */
export function registerCommands(program: Command, ctx: CliContext): void {
  const data = program.command('data').description('market data: download, import, check, features');
  // -- data commands --
  // -- top-level commands --
  void data;
  void ctx;
}
