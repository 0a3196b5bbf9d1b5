import { Command, CommanderError } from 'commander';
import { packageVersion } from '../config/packageVersion.js';
import { BotError, EXIT } from '../internal/errors.js';
import { CliContext, processIo, type CliIo } from './context.js';
import { registerCommands } from './commands/index.js';
import { userFacingError } from './userFacingError.js';

export function buildProgram(io: CliIo): { program: Command; ctx: CliContext } {
  const program = new Command('bot')
    .description('Crypto trading daemon: model ensemble, honest backtests, one engine for backtest, paper and live')
    .version(packageVersion(), '-V, --version', 'print the version of bot')
    .option('--home <dir>', 'bot home folder (config/, models/, training_data/, backtest_results/, bot.db); default $BOT_HOME or .')
    .option('-v, --verbose', "log more: every decision, also the holds between the strategy's decisions (debug)")
    .option('-q, --quiet', 'log only warnings and errors')
    .option('--log-file <file>', 'also write the log, as JSON lines, to this file (rotated at 10 MiB, 5 kept)')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  const ctx = new CliContext(io, program);
  program.hook('preAction', () => void ctx.logFlags());
  registerCommands(program, ctx);
  return { program, ctx };
}

/** Run the CLI with `argv` (without node and script); resolves to the exit code, never throws. */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const { program, ctx } = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (err) {
    return reportError(userFacingError(err, ctx.home), io);
  }
}

export function reportError(err: unknown, io: CliIo): number {
  if (err instanceof CommanderError) {
    // commander already printed its message (unknown option, missing argument, --help).
    return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (err instanceof BotError) {
    io.err(`error: ${err.message}`);
    if (err.hint) io.err(`  ${err.hint}`);
    return err.exitCode;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  io.err(`internal error: ${e.message}\n${e.stack ?? ''}\nThis is a bug in bot; please report it with the lines above.`);
  return EXIT.fatal;
}
