import { latestEpochOf } from '../../src/store/epochModes.js';
import { quoteOffset } from '../../src/store/orderJournalRepository.js';
import { Store } from '../../src/store/store.js';
import { usdCandles, type FaultPlan } from '../support/kraken/index.js';
import { fundingFixture, KrakenFuturesEmulator } from '../support/krakenFutures/index.js';
import { FAST_STRATEGY_YAML, MARKET_ORDERS_YAML } from '../support/fastStrategy.js';
import { writeHomeConfig } from '../support/tempHome.js';
import { resentOrders, round } from './liveHarness.js';

/**
 * A live daemon on Kraken Futures against the futures emulator: the futures counterpart of liveHarness.ts
 * (the emulator in the caller's process, the built CLI over loopback with an emulator-only key).
 */

export const FUTURES_KEY = 'bot-live-futures-test-key';
export const FUTURES_SECRET = Buffer.from('live futures tests: an emulator-only secret, not a real one').toString('base64');
export const FUTURES_ENV: NodeJS.ProcessEnv = { KRAKEN_FUTURES_API_KEY: FUTURES_KEY, KRAKEN_FUTURES_API_SECRET: FUTURES_SECRET };

const START = Date.parse('2024-03-04T00:30:00Z');
const DAY = 86_400_000;

export interface FuturesEmulatorOptions {
  readonly start?: number;
  /** Emulated ms per wall ms (default 2 hours per second). */
  readonly speed?: number;
  readonly usd?: number;
  readonly faultPlan?: FaultPlan;
  readonly seed?: number;
}

/** The perpetuals priced by the shared candles (standing in for PF_ prices), funding from the test fixture. */
export function startFuturesEmulator(o: FuturesEmulatorOptions = {}): Promise<KrakenFuturesEmulator> {
  const start = o.start ?? START;
  const funding = fundingFixture(start - 30 * DAY, start + 30 * DAY);
  return KrakenFuturesEmulator.start({
    candles: usdCandles(['SOL/USD', 'ETH/USD', 'BTC/USD']),
    now: start,
    speed: o.speed ?? 2 * 3600,
    funding: new Map(['PF_SOLUSD', 'PF_ETHUSD', 'PF_XBTUSD'].map((id) => [id, funding])),
    credentials: { apiKey: FUTURES_KEY, secret: FUTURES_SECRET },
    account: { usd: o.usd ?? 10_000, seed: o.seed ?? 1 },
    ...(o.faultPlan && { faultPlan: o.faultPlan }),
  });
}

/** A home on the futures venue whose futures API is the emulator: the fast rule-based strategy, market orders. */
export function writeFuturesHome(home: string, emu: KrakenFuturesEmulator, o: { readonly assets?: readonly string[]; readonly extra?: string } = {}): void {
  const assets = o.assets ?? ['SOL/USD', 'ETH/USD'];
  writeHomeConfig(
    home,
    `venue: { kind: kraken-futures }\nexchange:\n  futuresApiUrl: ${emu.url}\n  timeoutMs: 2000\nassets: [${assets.join(', ')}]\n${FAST_STRATEGY_YAML}${MARKET_ORDERS_YAML}${o.extra ?? ''}`,
  );
}

export interface FuturesAudit {
  readonly sendOrderRequests: number;
  readonly ordersBooked: number;
  /** cliOrdIds sent in more than one sendorder request. */
  readonly duplicatesSent: readonly string[];
  readonly exchangeFills: number;
  readonly storeFills: number;
  readonly fillsLost: readonly string[];
  readonly fillsInvented: readonly string[];
  /** Store: cash + margin of every position + held apart; exchange: the USD collateral, less the funding settled since the daemon's last read. */
  readonly usd: { readonly store: number; readonly exchange: number };
  readonly positions: { readonly store: Readonly<Record<string, number>>; readonly exchange: Readonly<Record<string, number>> };
  /**
   * Funding: what the store booked, what the account log settled (paid positive). The exchange side as of
   * the daemon's last answered read of the funding log: positions held while it is down go on paying
   * funding, which it cannot have seen (the next start books it); those settlements are counted apart.
   */
  readonly funding: { readonly store: number; readonly exchange: number; readonly settledSinceLastRead: number };
  /** Stop orders the store journaled that the exchange holds reduce-only. */
  readonly reduceOnlyStops: number;
}

export function auditFutures(emu: KrakenFuturesEmulator, database: string): FuturesAudit {
  const account = emu.exchange.account;
  const sends = emu.requestsTo('private/sendorder');
  const store = Store.open(database, { readonly: true });
  try {
    const epoch = latestEpochOf(store.db, 'live');
    if (!epoch) throw new Error('no live epoch in the store');
    const fills = store.trading.fills(epoch.id);
    const storeIds = new Set(fills.map((f) => f.id));
    const exchangeIds = new Set(account.fills.map((f) => f.fillId));
    const positions = store.trading.openPositions(epoch.id);
    const storePositions: Record<string, number> = {};
    for (const p of positions) storePositions[p.symbol] = round((storePositions[p.symbol] ?? 0) + (p.side === 'long' ? p.quantity : -p.quantity));
    const exchangePositions: Record<string, number> = {};
    for (const p of account.positions.all()) {
      if (p.size <= 1e-12) continue;
      exchangePositions[p.perpetual.symbol] = round((exchangePositions[p.perpetual.symbol] ?? 0) + (p.side === 'long' ? p.size : -p.size));
    }
    const margin = positions.reduce((a, p) => a + p.margin, 0);
    const lastRead = lastFundingRead(emu);
    const allFunded = account.log.cash().filter((e) => e.info === 'funding rate change');
    const funded = allFunded.filter((e) => e.date <= lastRead);
    const since = allFunded.filter((e) => e.date > lastRead).reduce((a, e) => a + (e.realizedFunding ?? 0), 0);
    const stops = [...account.orders.values()].filter((o) => o.type === 'stp');
    return {
      sendOrderRequests: sends.length,
      ordersBooked: account.orders.size,
      duplicatesSent: [...new Set(resentOrders(sends, 'cliOrdId'))],
      exchangeFills: account.fills.length,
      storeFills: fills.length,
      fillsLost: [...exchangeIds].filter((id) => !storeIds.has(id)),
      fillsInvented: [...storeIds].filter((id) => !exchangeIds.has(id)),
      usd: { store: round(store.trading.cash(epoch.id) + margin + quoteOffset(store.db, epoch.id, 'USD'), 6), exchange: round(account.balance - since, 6) },
      positions: { store: storePositions, exchange: exchangePositions },
      funding: {
        store: round(
          store.trading
            .charges(epoch.id)
            .filter((c) => c.kind === 'funding')
            .reduce((a, c) => a + c.amount, 0),
          6,
        ),
        exchange: round(-funded.reduce((a, e) => a + (e.realizedFunding ?? 0), 0), 6),
        settledSinceLastRead: round(-since, 6),
      },
      reduceOnlyStops: stops.filter((o) => o.reduceOnly).length,
    };
  } finally {
    store.close();
  }
}

/** The exchange's time of the last funding-log read it answered in full (no fault but a delay). */
function lastFundingRead(emu: KrakenFuturesEmulator): number {
  const answered = emu
    .requestsTo('history/account-log')
    .filter((r) => r.params['info'] === 'funding rate change' && r.status === 200 && r.error === undefined)
    .filter((r) => r.fault === undefined || (r.fault.body === undefined && r.fault.destroy !== true && r.fault.status === undefined));
  return answered.reduce((last, r) => Math.max(last, r.now), Number.NEGATIVE_INFINITY);
}

/** What differs between the store and the futures account, one sentence each; none when they agree. */
export function futuresDifferences(audit: FuturesAudit, usdTolerance = 5e-5): string[] {
  const out: string[] = [];
  const some = (what: string, ids: readonly string[]) => ids.length > 0 && out.push(`${what}: ${ids.join(', ')}`);
  some('cliOrdIds sent more than once', audit.duplicatesSent);
  some('store fills the account never made', audit.fillsInvented);
  some('account fills missing from the store', audit.fillsLost);
  if (Math.abs(audit.usd.store - audit.usd.exchange) >= usdTolerance) out.push(`USD: store ${audit.usd.store}, exchange ${audit.usd.exchange}`);
  if (Math.abs(audit.funding.store - audit.funding.exchange) >= usdTolerance)
    out.push(`funding: store ${audit.funding.store}, exchange ${audit.funding.exchange}`);
  const positions = (p: Readonly<Record<string, number>>) => JSON.stringify(Object.entries(p).sort(([a], [b]) => a.localeCompare(b)));
  if (positions(audit.positions.store) !== positions(audit.positions.exchange)) {
    out.push(`positions: store ${positions(audit.positions.store)}, exchange ${positions(audit.positions.exchange)}`);
  }
  return out;
}
