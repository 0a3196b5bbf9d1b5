import type { Command } from 'commander';
import { acquireHomeLock } from '../../runtime/homeLock.js';
import type { Store } from '../../store/store.js';
import type { CliContext } from '../context.js';
import type { VenueKind } from '../../config/schema.js';
import { parseNumber, venueOption, venueOverride } from '../options.js';

export function registerReset(program: Command, ctx: CliContext): void {
  program
    .command('reset')
    .description('start a fresh paper portfolio epoch; earlier epochs and their history are kept')
    .option('--capital <usd>', 'starting cash of the new epoch (default: capital from the config)', parseNumber)
    .addOption(venueOption())
    .addHelpText('after', '\nExamples:\n  bot reset --capital 25000\n  bot reset --venue kraken-futures')
    .action((opts: { capital?: number; venue?: VenueKind }) => {
      const { config } = ctx.config([
        ...(opts.capital !== undefined ? [{ path: ['capital'], value: opts.capital, flag: '--capital' }] : []),
        ...venueOverride(opts.venue),
      ]);
      const home = ctx.preparedHome();
      // Holding the lock for the reset refuses it while a daemon trades this home.
      const lock = acquireHomeLock(home.lockFile, 'bot reset');
      let store: Store | undefined;
      try {
        store = ctx.openStore();
        const previous = store.trading.latestEpoch();
        const epoch = store.trading.createEpoch(config.capital, Date.now(), 'bot reset', config.venue.kind);
        ctx.io.out(
          `epoch ${epoch.id} started with ${config.capital} USD on ${config.venue.kind}${previous ? `; epoch ${previous.id} and earlier are kept (bot status --epochs)` : ''}`,
        );
      } finally {
        store?.close();
        lock.release();
      }
    });
}
