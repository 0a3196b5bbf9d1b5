import type { Command } from 'commander';
import { acquireHomeLock } from '../../runtime/homeLock.js';
import type { Store } from '../../store/store.js';
import type { CliContext } from '../context.js';
import { parseNumber } from '../options.js';

export function registerReset(program: Command, ctx: CliContext): void {
  program
    .command('reset')
    .description('start a fresh paper portfolio epoch; earlier epochs and their history are kept')
    .option('--capital <usd>', 'starting cash of the new epoch (default: capital from the config)', parseNumber)
    .addHelpText('after', '\nExample:\n  bot reset --capital 25000')
    .action((opts: { capital?: number }) => {
      const { config } = ctx.config(opts.capital !== undefined ? [{ path: ['capital'], value: opts.capital, flag: '--capital' }] : []);
      const home = ctx.preparedHome();
      // Holding the lock for the reset refuses it while a daemon trades this home.
      const lock = acquireHomeLock(home.lockFile, 'bot reset');
      let store: Store | undefined;
      try {
        store = ctx.openStore();
        const previous = store.trading.latestEpoch();
        const epoch = store.trading.createEpoch(config.capital, Date.now(), 'bot reset');
        ctx.io.out(
          `epoch ${epoch.id} started with ${config.capital} USD${previous ? `; epoch ${previous.id} and earlier are kept (bot status --epochs)` : ''}`,
        );
      } finally {
        store?.close();
        lock.release();
      }
    });
}
