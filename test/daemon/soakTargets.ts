import type { FaultKind, FaultPlan } from '../support/kraken/index.js';
import { auditFutures, FUTURES_ENV, futuresDifferences, startFuturesEmulator, writeFuturesHome } from './futuresLiveHarness.js';
import { auditLive, liveArgs, LIVE_ENV, startLiveEmulator, storeAccountDifferences, unexplainedBooks, unresolvedOrders, writeLiveHome } from './liveHarness.js';

/** The part of an emulator (spot or futures) the soak drives. */
export interface SoakEmulator {
  requestsTo(route: string): readonly { readonly status?: number; readonly error?: string }[];
  readonly injected: readonly { readonly kind: FaultKind | 'table' }[];
  readonly lateRequests: number;
  setFaultPlan(plan: FaultPlan | undefined): void;
  now(): number;
  close(): Promise<void>;
}

/** One venue the soak runs the daemon on: its emulator, how orders reach it, how the books are checked. */
export interface SoakTarget {
  readonly emu: SoakEmulator;
  /** The route an order arrives on. */
  readonly orderRoute: string;
  readonly env: NodeJS.ProcessEnv;
  args(iterations: number, interval: number): string[];
  faultPlan(seed: number, late: boolean): FaultPlan;
  /** What differs between the store and the account: after a kill what holds at every moment, after a clean stop or at the end everything. */
  differences(after: 'kill' | 'stop' | 'end'): string[];
  /** Orders whose fate the journal does not know. */
  unresolved(): number;
  /** The figures of the last audit, for the report. */
  figures(): Record<string, unknown>;
}

export interface SoakSetup {
  readonly home: string;
  readonly database: string;
  readonly seed: number;
  readonly speed: number;
  readonly faults: boolean;
  /** Seconds an order whose answer was lost stays unknown (on the exchange's clock). */
  readonly graceSeconds: number;
  /** Wall ms after its request that an order booked late is booked. */
  readonly lateMs: number;
  /** Rounding of hundreds of fills (the emulator's balance and the store's cash each round their own way). */
  readonly usdTolerance: number;
}

const EACH = { http5xx: 0.01, http429: 0.01, krakenError: 0.01, slow: 0.005, acceptedSlow: 0.005, acceptedDropped: 0.005, malformed: 0.01 };

/**
 * Every kind on every private route and on the market data the loop polls; partial fills and late
 * bookings on the order route only. Without `late`, no new late booking: a clean stop must not leave one behind.
 */
function faultPlanFor(orderRoute: string, marketRoutes: readonly string[], lateMs: number) {
  return (seed: number, late: boolean): FaultPlan => ({
    seed,
    slowMs: 2500,
    lateMs,
    routes: {
      [orderRoute]: { ...EACH, http5xx: 0.04, acceptedSlow: 0.04, acceptedDropped: 0.04, partialFill: 0.15, ...(late && { bookedLate: 0.05 }) },
      ...Object.fromEntries(marketRoutes.map((r) => [r, EACH])),
      '*': EACH,
    },
  });
}

const liveConfig = (graceSeconds: number) => `live:\n  unknownOrderGraceSeconds: ${graceSeconds}\n`;

export async function spotSoak(s: SoakSetup): Promise<SoakTarget> {
  const plan = faultPlanFor('private/AddOrder', ['public/OHLC', 'public/Time'], s.lateMs);
  const emu = await startLiveEmulator({ seed: s.seed, speed: s.speed, ...(s.faults && { faultPlan: plan(s.seed, true) }) });
  writeLiveHome(s.home, emu, { timeoutMs: 1500, extra: liveConfig(s.graceSeconds) });
  let last: Record<string, unknown> = {};
  return {
    emu,
    orderRoute: 'private/AddOrder',
    env: LIVE_ENV,
    args: (iterations, interval) => liveArgs(s.home, iterations, interval),
    faultPlan: plan,
    differences: (after) => {
      const audit = auditLive(emu, s.database);
      last = {
        ordersSent: emu.requestsTo('private/AddOrder').filter((r) => r.status === 200 && r.error === undefined).length,
        addOrderRequests: audit.addOrderRequests,
        ordersBooked: audit.ordersBooked,
        duplicates: audit.duplicatesBooked.length,
        resentClientIds: audit.duplicatesSent.length,
        exchangeTrades: audit.exchangeTrades,
        storeFills: audit.storeFills,
        fillsLost: audit.fillsLost.length,
        fillsInvented: audit.fillsInvented.length,
        usd: audit.usd,
        positions: audit.positions,
      };
      return storeAccountDifferences(audit, s.database, after, s.usdTolerance);
    },
    unresolved: () => unresolvedOrders(s.database),
    figures: () => last,
  };
}

export async function futuresSoak(s: SoakSetup): Promise<SoakTarget> {
  const plan = faultPlanFor('private/sendorder', ['charts', 'public/tickers'], s.lateMs);
  const emu = await startFuturesEmulator({ seed: s.seed, speed: s.speed, ...(s.faults && { faultPlan: plan(s.seed, true) }) });
  writeFuturesHome(s.home, emu, { extra: liveConfig(s.graceSeconds) });
  let last: Record<string, unknown> = {};
  return {
    emu,
    orderRoute: 'private/sendorder',
    env: FUTURES_ENV,
    args: (iterations, interval) => [...liveArgs(s.home, iterations, interval), '--venue', 'kraken-futures'],
    faultPlan: plan,
    differences: (after) => {
      const audit = auditFutures(emu, s.database);
      last = {
        ordersSent: emu.requestsTo('private/sendorder').filter((r) => r.status === 200 && r.error === undefined).length,
        sendOrderRequests: audit.sendOrderRequests,
        ordersBooked: audit.ordersBooked,
        resentClientIds: audit.duplicatesSent.length,
        exchangeFills: audit.exchangeFills,
        storeFills: audit.storeFills,
        fillsLost: audit.fillsLost.length,
        fillsInvented: audit.fillsInvented.length,
        usd: audit.usd,
        funding: audit.funding,
        positions: audit.positions,
        reduceOnlyStops: audit.reduceOnlyStops,
      };
      const all = futuresDifferences(audit, s.usdTolerance);
      const gaps = unexplainedBooks(s.database).filter((gap) => gap >= 1e-6);
      if (gaps.length > 0) all.push(`${gaps.length} equity point(s) the fills and charges do not explain (largest ${Math.max(...gaps)})`);
      // After a kill only what holds at every moment: nothing sent twice, nothing invented, the curve explained.
      if (after === 'kill') return all.filter((d) => /sent more than once|never made|equity point/.test(d));
      if (after === 'end' && unresolvedOrders(s.database) > 0) all.push(`${unresolvedOrders(s.database)} order(s) left unresolved in the journal`);
      return all;
    },
    unresolved: () => unresolvedOrders(s.database),
    figures: () => last,
  };
}
