import type { Command } from 'commander';
import type { CliContext } from '../context.js';

/** Every command of the CLI, one file each. */
export function registerCommands(program: Command, ctx: CliContext): void {
  void program;
  void ctx;
}
