import type { Symbol } from '../domain/bar.js';
import type { Clock } from '../domain/ports.js';
import type { Config } from '../config/schema.js';
import {
  describeReconciliation,
  openLiveVenue,
  reconcileAtStartup,
  type LiveVenue,
  type ReconcileReport,
  type StopMode,
  type TradingApi,
  type TradingMarket,
} from '../execution/live/index.js';
import { equityOf } from '../execution/equityOf.js';
import { isCoinHolding } from '../execution/live/coinHolding.js';
import { FatalError, UserError } from '../internal/errors.js';
import { liveStoreSide } from '../store/orderJournalRepository.js';
import type { Store } from '../store/store.js';
import type { Epoch } from '../store/tradingRepository.js';

export interface LiveVenueSetup {
  readonly config: Config;
  readonly store: Store;
  readonly epoch: Epoch;
  readonly api: TradingApi;
  readonly markets: ReadonlyMap<Symbol, TradingMarket>;
  readonly clock: Clock;
  readonly barMs: number;
  readonly quote: string;
  readonly stops?: StopMode;
}

/**
 * Start-up of the live venue: reconcile the store with the account and refuse to go on if anything is
 * unexplained (exit 2, before the first order: the user must look and decide, nothing was sent); otherwise persist what reconciliation adopted
 * (fills made while the daemon was down, resolved orders, closed positions, the books) in one transaction.
 */
export async function openReconciledVenue(s: LiveVenueSetup): Promise<{ readonly venue: LiveVenue; readonly report: ReconcileReport }> {
  const journal = s.store.journal(s.epoch.id);
  const coinOffsets = await heldApartCoins(s);
  const { report, venue } = await confirmed(s, () =>
    openLiveVenue({
      api: s.api,
      journal,
      markets: s.markets,
      leverage: s.config.leverage,
      maintenanceMarginRate: s.config.risk.maintenanceMarginRate,
      barMs: s.barMs,
      clock: s.clock,
      store: liveStoreSide(s.store.trading, journal, s.epoch),
      quote: s.quote,
      quoteOffset: s.store.quoteOffset(s.epoch.id, s.quote),
      coinOffsets,
      unknownOrderGraceMs: graceMs(s.config),
      ...(s.stops && { stops: s.stops }),
    }),
  );
  if (!venue) {
    throw new UserError(describeReconciliation(report), {
      hint: 'nothing was sent. Compare the account on the exchange with `bot status`; once the difference is understood, `bot run --live --reset` starts a new live epoch on the account as it is',
    });
  }
  persistReport(s, report);
  return { venue, report };
}

/**
 * At a clean stop: what the exchange did since the last step (a market order's fill, a stop that fired)
 * is booked now, by the same reconciliation a start-up runs, so the store equals the account when the
 * daemon is down. Differences it cannot explain stop with a FatalError (exit 1): the next start would
 * refuse to trade anyway.
 */
export async function settleWithExchange(s: LiveVenueSetup, marks: ReadonlyMap<Symbol, number>): Promise<ReconcileReport> {
  const journal = s.store.journal(s.epoch.id);
  const { report } = await confirmed(s, async () => ({
    report: await reconcileAtStartup({
      api: s.api,
      store: liveStoreSide(s.store.trading, journal, s.epoch),
      markets: s.markets,
      maintenanceMarginRate: s.config.risk.maintenanceMarginRate,
      quote: s.quote,
      quoteOffset: s.store.quoteOffset(s.epoch.id, s.quote),
      coinOffsets: await heldApartCoins(s),
      sleep: (ms) => s.clock.sleep(ms),
      unknownOrderGrace: { now: s.clock.now(), ms: graceMs(s.config) },
    }),
  }));
  if (report.mismatches.length > 0) {
    throw new FatalError(describeReconciliation(report), {
      hint: 'the store was left as it was; compare the account on the exchange with `bot status` before the next start',
    });
  }
  persistReport(s, report, marks);
  return report;
}

/**
 * Coins of the traded markets the account holds apart from the bot (a coin's balance is the bot's spot
 * positions on it plus this). Recorded once per epoch and coin, at the first start that trades it: the
 * whole balance then, unless the books already hold coins of it (then none is apart).
 */
async function heldApartCoins(s: LiveVenueSetup): Promise<Map<string, number>> {
  // A perpetual's positions are contracts, not coins: its account holds none for the bot.
  const spot = s.config.assets.map((a) => s.markets.get(a)).filter((m) => m !== undefined && m.perpetual === undefined);
  const coins = [...new Set(spot.map((m) => m?.base))].filter((c): c is string => c !== undefined);
  const recorded = (coin: string) => s.store.recordedOffset(s.epoch.id, coin);
  const missing = coins.filter((c) => recorded(c) === undefined);
  if (missing.length > 0) {
    const balances = await s.api.balances();
    const held = new Set(
      s.store.trading
        .openPositions(s.epoch.id)
        .filter((p) => isCoinHolding(p, s.markets.get(p.symbol)))
        .map((p) => s.markets.get(p.symbol)?.base),
    );
    for (const coin of missing) s.store.saveOffset(s.epoch.id, coin, held.has(coin) ? 0 : (balances.get(coin)?.total ?? 0), s.clock.now());
  }
  return new Map(coins.map((c) => [c, recorded(c) ?? 0]));
}

function graceMs(config: Config): number {
  return config.live.unknownOrderGraceSeconds * 1000;
}

/** Readings of the account before a difference counts as real. */
const READINGS = 3;

/**
 * The account is read call by call (balances, then orders, positions, trades), and the exchange goes on
 * meanwhile: a stop that fires between the balance and the trades reads shows as a balance the adopted
 * fills do not explain. A difference only counts once it is seen on every one of a few readings, a
 * moment apart; a real one stays, a race does not.
 */
async function confirmed<R extends { readonly report: ReconcileReport }>(s: LiveVenueSetup, read: () => Promise<R>): Promise<R> {
  let result = await read();
  for (let reading = 1; reading < READINGS && result.report.mismatches.length > 0; reading++) {
    await s.clock.sleep(250 * reading);
    result = await read();
  }
  return result;
}

/** What reconciliation adopted and resolved, with the books it leads to, in one transaction. */
function persistReport(s: LiveVenueSetup, report: ReconcileReport, marks?: ReadonlyMap<Symbol, number>): void {
  const time = s.clock.now();
  s.store.trading.writeIteration({
    epochId: s.epoch.id,
    timeframe: s.config.timeframe,
    cash: report.state.cash,
    time,
    // At a stop the books just changed: one more point of the curve, marked at the last closes.
    ...(marks && { equity: { time, ...equityOf(report.state, marks) } }),
    orders: report.orders,
    fills: report.adopt,
    charges: report.charges,
    openPositions: report.state.positions,
    closedPositions: report.closedPositions,
    decisions: [],
    cursors: new Map(),
  });
}
