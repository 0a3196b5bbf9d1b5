import readline from 'node:readline/promises';
import { UserError } from '../internal/errors.js';

export interface ConfirmIo {
  readonly input: NodeJS.ReadableStream;
  readonly output: NodeJS.WritableStream;
  /** Whether a person is at a terminal to answer. */
  readonly interactive: boolean;
}

/** Refuse an unattended run that was not confirmed in advance: checked before anything is read or sent. */
export function requireConfirmable(yes: boolean, interactive: boolean, what: string): void {
  if (yes || interactive) return;
  throw new UserError(`${what} needs a confirmation, and there is no terminal to ask on`, {
    hint: 'pass --yes to confirm an unattended run (after checking the assets, capital and leverage it prints)',
  });
}

/**
 * Ask on the terminal; only an explicit "yes" goes on. `--yes` skips the question (unattended runs).
 * Anything else, or the input ending, refuses: nothing was sent.
 */
export async function confirm(question: string, yes: boolean, io: ConfirmIo): Promise<void> {
  if (yes) return;
  requireConfirmable(yes, io.interactive, 'live trading');
  const rl = readline.createInterface({ input: io.input, output: io.output, terminal: false });
  let answer: string;
  try {
    const closed = new Promise<string>((resolve) => rl.once('close', () => resolve('')));
    answer = await Promise.race([rl.question(`${question} Type "yes" to go on: `), closed]);
  } finally {
    rl.close();
  }
  if (answer.trim().toLowerCase() !== 'yes') {
    throw new UserError('not confirmed: nothing was sent to the exchange', { hint: 'answer "yes" to trade, or pass --yes for unattended runs' });
  }
}
