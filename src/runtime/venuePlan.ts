import type { Symbol } from '../domain/bar.js';
import type { MarketInfo } from '../domain/market.js';
import type { Venue } from '../domain/ports.js';
import { timeframeMs } from '../domain/timeframe.js';
import { SimulatedVenue } from '../execution/simulatedVenue.js';
import { UserError } from '../internal/errors.js';
import type { Epoch, EpochState } from '../store/tradingRepository.js';
import { configuredMarkets } from './configuredMarkets.js';
import type { ExchangeClock } from './exchangeClock.js';
import { exchangeOf } from './feedPlan.js';
import { fundingScheduleFrom } from './fundingSource.js';
import { retryAtStartup } from './startupRetry.js';
import type { LiveAccountOptions, LiveRuntime, TradingRuntimeOptions } from './tradingRuntimeTypes.js';

export interface VenuePlan {
  readonly venue: Venue;
  readonly markets: ReadonlyMap<Symbol, MarketInfo>;
  /** The epoch's books as the venue starts from them (after a live reconciliation wrote what it found). */
  readonly resumed: EpochState;
  readonly live?: LiveRuntime;
}

/**
 * Where a run's orders go: the exchange account, reconciled with the store first, in live mode; else the
 * simulated venue of the configured kind (spot margin fees, or perpetual funding) on the epoch's books.
 */
export async function openVenue(
  o: TradingRuntimeOptions,
  epoch: Epoch,
  live: LiveAccountOptions | undefined,
  exchangeClock: ExchangeClock | undefined,
): Promise<VenuePlan> {
  const { config, store } = o;
  const tf = config.timeframe;
  const futures = config.venue.kind === 'kraken-futures';
  const markets: ReadonlyMap<Symbol, MarketInfo> = live ? live.markets : o.feed === 'exchange' ? exchangeOf(o).markets : configuredMarkets(config);
  for (const symbol of config.assets) {
    if (!markets.has(symbol)) {
      const known = [...markets.keys()].join(', ');
      throw new UserError(`unknown asset ${symbol}: the ${o.feed === 'exchange' ? 'exchange' : 'simulated venue'} has no such market (known: ${known})`, {
        hint: o.feed === 'exchange' ? 'check the symbol on the exchange' : `add venue.${futures ? 'futures.' : ''}markets.${symbol} to the config`,
      });
    }
  }

  if (live && exchangeClock) {
    // Loaded only here: the live venue's modules load ccxt, which paper runs and backtests never need.
    const liveSetup = await import('./liveVenueSetup.js');
    const setup = {
      config,
      store,
      epoch,
      api: live.api,
      markets: live.markets,
      clock: exchangeClock,
      barMs: timeframeMs(tf),
      quote: live.quote,
      ...(live.stops && { stops: live.stops }),
    };
    const opened = await retryAtStartup('reconciling with the account', () => liveSetup.openReconciledVenue(setup), o.startupRetry);
    return {
      venue: opened.venue,
      markets,
      resumed: store.trading.epochState(epoch.id, tf),
      live: {
        report: opened.report,
        stopModes: new Map(config.assets.map((s) => [s, opened.venue.stopMode(s)])),
        syncProblem: () => opened.venue.syncProblem(),
        settle: (marks) => liveSetup.settleWithExchange(setup, marks),
      },
    };
  }
  const resumed = store.trading.epochState(epoch.id, tf);
  const venue = new SimulatedVenue({
    markets,
    fees: config.fees,
    slippageBps: config.slippageBps,
    maintenanceMarginRate: config.risk.maintenanceMarginRate,
    state: { cash: resumed.cash, positions: resumed.positions, openOrders: resumed.openOrders },
    // Spot margin pays opening and rollover fees; a perpetual pays or earns funding instead.
    ...(futures ? { funding: fundingScheduleFrom(config, store.funding) } : { financing: config.venue.financing }),
    barMs: timeframeMs(tf),
    lastBars: resumed.cursors,
  });
  return { venue, markets, resumed };
}
