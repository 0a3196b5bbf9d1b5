import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { confirm, requireConfirmable } from '../../src/cli/confirm.js';
import { UserError } from '../../src/internal/errors.js';

function terminal(answer: string | undefined): { input: PassThrough; output: PassThrough; asked: () => string; interactive: true } {
  const input = new PassThrough();
  const output = new PassThrough();
  let asked = '';
  output.on('data', (d: Buffer) => (asked += d.toString()));
  if (answer !== undefined) setImmediate(() => input.write(`${answer}\n`));
  else setImmediate(() => input.end());
  return { input, output, asked: () => asked, interactive: true };
}

describe('the live confirmation', () => {
  it('goes on only on an explicit yes at the terminal', async () => {
    const t = terminal('yes');
    await confirm('Trade live with real money?', false, t);
    expect(t.asked()).toContain('Trade live with real money? Type "yes" to go on:');
    for (const answer of ['no', 'y', '']) {
      await expect(confirm('Trade live?', false, terminal(answer))).rejects.toThrow('not confirmed: nothing was sent to the exchange');
    }
    await expect(confirm('Trade live?', false, terminal(undefined))).rejects.toBeInstanceOf(UserError);
  });

  it('--yes skips the question; without a terminal and without --yes it refuses', async () => {
    const t = terminal('no');
    await confirm('Trade live?', true, t);
    expect(t.asked()).toBe('');
    expect(() => requireConfirmable(false, false, 'bot run --live')).toThrow(/needs a confirmation, and there is no terminal to ask on/);
    expect(() => requireConfirmable(true, false, 'bot run --live')).not.toThrow();
    await expect(confirm('Trade live?', false, { ...terminal('yes'), interactive: false })).rejects.toThrow(/pass --yes|needs a confirmation/);
  });
});
