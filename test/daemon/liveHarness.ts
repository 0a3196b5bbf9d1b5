import fs from 'node:fs';
import path from 'node:path';
import type { Rng } from '../../src/domain/random.js';
import { isOnMargin } from '../../src/execution/ledger/index.js';
import { latestEpochOf } from '../../src/store/epochModes.js';
import { OrderJournalRepository, quoteOffset, recordedOffset } from '../../src/store/orderJournalRepository.js';
import { Store } from '../../src/store/store.js';
import { spawnBot, type Spawned } from '../support/botProcess.js';
import { KrakenEmulator, usdCandles, type FaultKind, type FaultPlan } from '../support/kraken/index.js';
import { FAST_STRATEGY_YAML, MARKET_ORDERS_YAML } from '../support/fastStrategy.js';
import { writeHomeConfig } from '../support/tempHome.js';

/**
 * A live daemon against the Kraken emulator, for the live run, kill -9 and fault tests and the soak
 * script. The emulator runs in the caller's process, so it outlives every daemon killed; the daemons
 * are the built CLI, talking to it over loopback with a real (emulator-only) key.
 */

export const LIVE_KEY = 'bot-live-daemon-test-key';
export const LIVE_SECRET = Buffer.from('live daemon tests: an emulator-only secret, not a real one').toString('base64');
export const LIVE_ENV: NodeJS.ProcessEnv = { KRAKEN_API_KEY: LIVE_KEY, KRAKEN_API_SECRET: LIVE_SECRET };

const HOUR = 3_600_000;

export interface LiveEmulatorOptions {
  /** Emulated start (default 2024-03-04T00:30Z). */
  readonly start?: number;
  /** Emulated ms per wall ms (default 2 hours per second). */
  readonly speed?: number;
  readonly usd?: number;
  readonly faultPlan?: FaultPlan;
  readonly seed?: number;
}

export function startLiveEmulator(o: LiveEmulatorOptions = {}): Promise<KrakenEmulator> {
  return KrakenEmulator.start({
    candles: usdCandles(['SOL/USD', 'ETH/USD', 'BTC/USD']),
    now: o.start ?? Date.parse('2024-03-04T00:30:00Z'),
    speed: o.speed ?? 2 * 3600,
    credentials: { apiKey: LIVE_KEY, secret: LIVE_SECRET },
    account: { balances: { ZUSD: o.usd ?? 10_000 }, seed: o.seed ?? 1 },
    ...(o.faultPlan && { faultPlan: o.faultPlan }),
  });
}

/**
 * A bot home whose config points at the emulator, with the rule-based strategy on hours (it trades within the
 * few dozen bars a short run sees) and market orders, or with `limits` the shipped execution: post-only
 * limits at the close, crossed at market after `execution.timeoutBars`.
 */
export function writeLiveHome(
  home: string,
  emu: KrakenEmulator,
  o: { readonly assets?: readonly string[]; readonly timeoutMs?: number; readonly extra?: string; readonly limits?: boolean } = {},
): void {
  const assets = o.assets ?? ['SOL/USD', 'ETH/USD'];
  writeHomeConfig(
    home,
    `exchange:\n  apiUrl: ${emu.url}\n  timeoutMs: ${o.timeoutMs ?? 2000}\nassets: [${assets.join(', ')}]\nfees: { taker: 0.0004, maker: 0.0002 }\nslippageBps: 0\n${FAST_STRATEGY_YAML}${o.limits ? '' : MARKET_ORDERS_YAML}${o.extra ?? ''}`,
  );
}

export function liveArgs(home: string, iterations: number, interval: number, extra: readonly string[] = []): string[] {
  return ['--home', home, 'run', '--live', '--yes', '--iterations', String(iterations), '--interval', String(interval), '--retry-budget', '60', ...extra];
}

/** What the exchange and the store say after live runs: the figures the kill and fault tests (and the soak) check. */
export interface LiveAudit {
  /** AddOrder requests that reached the emulator (answered or not). */
  readonly addOrderRequests: number;
  /** Orders the emulated account booked. */
  readonly ordersBooked: number;
  /** cl_ord_ids sent in more than one AddOrder request: an order sent twice. */
  readonly duplicatesSent: readonly string[];
  /** cl_ord_ids the account booked more than once. */
  readonly duplicatesBooked: readonly string[];
  readonly exchangeTrades: number;
  readonly storeFills: number;
  /** Financing charges (margin opening and rollover fees) the store booked. */
  readonly storeCharges: number;
  /** Account trades missing from the store's fills. */
  readonly fillsLost: readonly string[];
  /** Store fills the account never made. */
  readonly fillsInvented: readonly string[];
  /** Store: cash + margin of the margin positions + what is held apart; exchange: the USD balance. */
  readonly usd: { readonly store: number; readonly exchange: number };
  /** Net position per symbol (long +, short -): store and exchange (margin positions, and coins beyond those held apart). */
  readonly positions: { readonly store: Readonly<Record<string, number>>; readonly exchange: Readonly<Record<string, number>> };
  /** Orders whose fate the journal does not know: 'submitting', 'unknown', or open without the exchange's id. */
  readonly unresolved: number;
  readonly equity: readonly { readonly time: number; readonly equity: number; readonly cash: number; readonly margin: number }[];
}

export const round = (v: number, d = 8): number => Number(v.toFixed(d));

export function auditLive(emu: KrakenEmulator, database: string): LiveAudit {
  const account = emu.exchange.account;
  const adds = emu.requestsTo('private/AddOrder');
  const booked = new Map<string, number>();
  for (const o of account.orders.values()) if (o.clOrdId !== undefined) booked.set(o.clOrdId, (booked.get(o.clOrdId) ?? 0) + 1);

  const store = Store.open(database, { readonly: true });
  try {
    const epoch = latestEpochOf(store.db, 'live');
    if (!epoch) throw new Error('no live epoch in the store');
    const fills = store.trading.fills(epoch.id);
    const storeIds = new Set(fills.map((f) => f.id));
    const tradeIds = new Set(account.trades.map((t) => t.id));
    const positions = store.trading.openPositions(epoch.id);
    const margin = positions.filter(isOnMargin).reduce((a, p) => a + p.margin, 0);
    const storePositions: Record<string, number> = {};
    for (const p of positions) storePositions[p.symbol] = round((storePositions[p.symbol] ?? 0) + (p.side === 'long' ? p.quantity : -p.quantity));
    const exchangePositions: Record<string, number> = {};
    for (const p of account.positions.openPositions()) {
      const open = p.vol - p.volClosed;
      if (open <= 1e-12) continue;
      exchangePositions[p.market.symbol] = round((exchangePositions[p.market.symbol] ?? 0) + (p.side === 'buy' ? open : -open));
    }
    // A spot holding is the coins beyond what the account held apart when the bot first traded them.
    for (const m of emu.markets) {
      const coin = m.symbol.split('/')[0] ?? m.base;
      const coins = round(account.balance(m.base) - (recordedOffset(store.db, epoch.id, coin) ?? 0));
      if (coins !== 0) exchangePositions[m.symbol] = round((exchangePositions[m.symbol] ?? 0) + coins);
    }
    return {
      addOrderRequests: adds.length,
      ordersBooked: account.orders.size,
      duplicatesSent: [...new Set(resentOrders(adds))],
      duplicatesBooked: [...booked].filter(([, n]) => n > 1).map(([id]) => id),
      exchangeTrades: account.trades.length,
      storeFills: fills.length,
      storeCharges: store.trading.charges(epoch.id).length,
      fillsLost: [...tradeIds].filter((id) => !storeIds.has(id)),
      fillsInvented: [...storeIds].filter((id) => !tradeIds.has(id)),
      usd: { store: round(store.trading.cash(epoch.id) + margin + quoteOffset(store.db, epoch.id, 'USD'), 6), exchange: round(account.balance('ZUSD'), 6) },
      positions: { store: storePositions, exchange: exchangePositions },
      unresolved: unresolvedOrders(database),
      equity: store.trading.equityCurve(epoch.id),
    };
  } finally {
    store.close();
  }
}

/**
 * What differs between the store and the account, one sentence each; none when they agree. After a
 * `kill`, only what holds at every moment: nothing sent or booked twice, no fill the account never
 * made, every equity point explained by the fills before it. After a clean `stop`, also every fill
 * booked and the balance (within `usdTolerance`) and positions equal; an order lost within its grace
 * may still be unresolved then. At the `end`, once every grace has passed, nothing is left unresolved.
 */
export function storeAccountDifferences(audit: LiveAudit, database: string, after: 'kill' | 'stop' | 'end', usdTolerance = printedRounding(audit)): string[] {
  const out: string[] = [];
  const some = (what: string, ids: readonly string[]) => ids.length > 0 && out.push(`${what}: ${ids.join(', ')}`);
  some('cl_ord_ids sent more than once', audit.duplicatesSent);
  some('cl_ord_ids booked more than once', audit.duplicatesBooked);
  some('store fills the account never made', audit.fillsInvented);
  const gaps = unexplainedBooks(database).filter((gap) => gap >= 1e-6);
  if (gaps.length > 0) out.push(`${gaps.length} equity point(s) the fills do not explain (largest ${Math.max(...gaps)})`);
  if (after === 'kill') return out;
  some('account trades missing from the store', audit.fillsLost);
  if (Math.abs(audit.usd.store - audit.usd.exchange) >= usdTolerance) out.push(`USD: store ${audit.usd.store}, exchange ${audit.usd.exchange}`);
  const positions = (p: Readonly<Record<string, number>>) => JSON.stringify(Object.entries(p).sort(([a], [b]) => a.localeCompare(b)));
  if (positions(audit.positions.store) !== positions(audit.positions.exchange)) {
    out.push(`positions: store ${positions(audit.positions.store)}, exchange ${positions(audit.positions.exchange)}`);
  }
  if (after === 'end' && audit.unresolved > 0) out.push(`${audit.unresolved} order(s) left unresolved in the journal`);
  return out;
}

/**
 * How far the store's USD may honestly be from the exchange's balance: the store knows each fill's fee and
 * each ledger charge only as Kraken prints them (ZUSD at 4 decimals, trade fees at 5), so each booked amount
 * may be half a unit of the fourth decimal off, and those halves add up over a run. A lost or doubled fee
 * (0.26% of a trade, dollars) or charge is orders of magnitude above this.
 */
export function printedRounding(audit: LiveAudit): number {
  return 5e-5 * Math.max(1, audit.storeFills + audit.storeCharges);
}

/**
 * How far each point of the equity curve's cash + margin is from what the fills and charges explain. Cash +
 * margin changes only by fills (realised P&L less fees) and financing charges, so every point must equal
 * the capital plus the sum over those booked by then: some prefix of them in booking (time) order, never
 * shrinking. A restart that lost, doubled or invented a fill or a charge leaves a point no prefix explains.
 */
export function unexplainedBooks(database: string): number[] {
  const store = Store.open(database, { readonly: true });
  try {
    const epoch = latestEpochOf(store.db, 'live');
    if (!epoch) return [];
    const changes = [
      ...store.trading.fills(epoch.id).map((f) => ({ time: f.time, change: f.realizedPnl - f.fee })),
      ...store.trading.charges(epoch.id).map((c) => ({ time: c.time, change: -c.amount })),
    ].sort((a, b) => a.time - b.time);
    const prefix = [0];
    for (const c of changes) prefix.push((prefix.at(-1) as number) + c.change);
    let from = 0;
    return store.trading.equityCurve(epoch.id).map((point) => {
      const change = point.cash + point.margin - epoch.capital;
      let best = Infinity;
      for (let i = from; i < prefix.length; i++) {
        const d = Math.abs(change - (prefix[i] as number));
        if (d < best - 1e-9) {
          best = d;
          from = i;
        }
      }
      return best;
    });
  } finally {
    store.close();
  }
}

/** How many faults of each kind the emulator (spot or futures) injected. */
export function faultsByKind(emu: { readonly injected: readonly { readonly kind: FaultKind | 'table' }[] }): Partial<Record<FaultKind | 'table', number>> {
  const out: Partial<Record<FaultKind | 'table', number>> = {};
  for (const f of emu.injected) out[f.kind] = (out[f.kind] ?? 0) + 1;
  return out;
}

export interface KillRound {
  readonly killed: boolean;
  /** What the kill followed: a random pause, or an AddOrder arriving at the exchange. */
  readonly trigger: 'timer' | 'addOrder' | 'none';
  /** The daemon had logged its first heartbeat: the signal landed in its loop, not in its start-up. */
  readonly midRun: boolean;
  /** Orders whose fate the journal did not know when the daemon died: an AddOrder in flight. */
  readonly inFlight: number;
  readonly code: number | null;
  readonly stderr: string;
}

export interface KillOptions {
  /** The bot home the daemon runs on (its journal is read after the kill). */
  readonly home: string;
  /** The random pause after the first heartbeat, ms. */
  readonly minMs: number;
  readonly maxMs: number;
  readonly env?: NodeJS.ProcessEnv;
  /** SIGKILL (default: a crash) or SIGTERM (a clean stop, after the iteration in progress). */
  readonly signal?: 'SIGKILL' | 'SIGTERM';
  /** How long start-up may take before the daemon is signalled anyway (default 180 s: a loaded machine). */
  readonly startupMs?: number;
  /** The emulator route orders arrive on (default spot's private/AddOrder; futures: private/sendorder). */
  readonly orderRoute?: string;
}

/** Calls `onHeartbeat` once, at the daemon's first heartbeat line (its first loop iteration done). */
function onFirstHeartbeat(proc: Spawned, onHeartbeat: () => void): void {
  let pending = '';
  const listen = (chunk: Buffer): void => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.includes('"heartbeat"')) continue;
      try {
        if ((JSON.parse(line) as { msg?: unknown }).msg !== 'heartbeat') continue;
      } catch {
        continue;
      }
      proc.child.stderr?.off('data', listen);
      onHeartbeat();
      return;
    }
  };
  proc.child.stderr?.on('data', listen);
}

/**
 * Start the daemon and signal it (kill -9 by default) at a random point of its loop: timed from its
 * first heartbeat, not from the process start (on a loaded machine start-up alone can take many
 * seconds), after a random pause or right as one of its AddOrders reaches the exchange (the window
 * between an order being booked and the daemon hearing of it), whichever the generator picks. A
 * daemon that ends by itself first is not signalled.
 */
export async function runAndKill(
  args: readonly string[],
  emu: { requestsTo(route: string): readonly unknown[] },
  rng: Rng,
  o: KillOptions,
): Promise<KillRound> {
  const orders = o.orderRoute ?? 'private/AddOrder';
  const onOrder = rng.next() < 0.5;
  const delay = o.minMs + rng.next() * (o.maxMs - o.minMs);
  const proc = spawnBot([...args], { ...LIVE_ENV, BOT_LOG_LEVEL: 'info', ...o.env });
  let ended = false;
  void proc.exited.then(() => (ended = true));
  const spawned = Date.now();
  let running: { readonly since: number; readonly adds: number } | undefined;
  onFirstHeartbeat(proc, () => (running = { since: Date.now(), adds: emu.requestsTo(orders).length }));
  let trigger: KillRound['trigger'] = 'none';
  while (!ended) {
    if (!running) {
      if (Date.now() - spawned > (o.startupMs ?? 180_000)) {
        trigger = 'timer';
        break;
      }
    } else {
      const elapsed = Date.now() - running.since;
      if (onOrder && emu.requestsTo(orders).length > running.adds) {
        trigger = 'addOrder';
        break;
      }
      if (elapsed > (onOrder ? o.maxMs * 2 : delay)) {
        trigger = 'timer';
        break;
      }
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  const midRun = running !== undefined;
  const signal = o.signal ?? 'SIGKILL';
  const alive = !ended;
  if (alive) proc.child.kill(signal);
  const result = await proc.exited;
  const signalled = signal === 'SIGKILL' ? result.signal === 'SIGKILL' : alive;
  return {
    killed: signalled,
    trigger: signalled ? trigger : 'none',
    midRun: signalled && midRun,
    inFlight: signalled ? unresolvedOrders(databaseOf(o.home)) : 0,
    code: result.code,
    stderr: result.stderr,
  };
}

/** Orders of the live epoch whose fate the journal does not know (0 without a live epoch). */
export function unresolvedOrders(database: string): number {
  if (!fs.existsSync(database)) return 0;
  const store = Store.open(database, { readonly: true });
  try {
    const epoch = latestEpochOf(store.db, 'live');
    return epoch ? new OrderJournalRepository(store.db, epoch.id).unresolved().length : 0;
  } finally {
    store.close();
  }
}

/** Spawn and wait; the daemon's own exit. */
export async function runToEnd(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const proc: Spawned = spawnBot([...args], { ...LIVE_ENV, ...env });
  const r = await proc.exited;
  return { code: r.code, stdout: r.stdout, stderr: r.stderr };
}

/** Client ids of order requests (AddOrder's cl_ord_id, or sendorder's cliOrdId) that had been sent before. */
export function resentOrders(requests: readonly { readonly params: Readonly<Record<string, string>> }[], clientIdParam = 'cl_ord_id'): string[] {
  const seen = new Set<string>();
  const again: string[] = [];
  for (const r of requests) {
    const id = r.params[clientIdParam];
    if (id === undefined) continue;
    if (seen.has(id)) again.push(id);
    seen.add(id);
  }
  return again;
}

export function databaseOf(home: string): string {
  return path.join(home, 'bot.db');
}

export function homeExists(home: string): boolean {
  return fs.existsSync(databaseOf(home));
}

export { HOUR };
