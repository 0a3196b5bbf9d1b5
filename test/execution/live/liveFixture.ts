import type { Bar } from '../../../src/domain/bar.js';
import type { Approved, OrderRequest, OrderState } from '../../../src/domain/order.js';
import type { Clock, VenueEvents } from '../../../src/domain/ports.js';
import { createKrakenClient } from '../../../src/data/kraken/krakenClient.js';
import { KrakenTrading } from '../../../src/data/kraken/krakenTrading.js';
import { LiveVenue, type LiveVenueOptions, type LiveVenueState } from '../../../src/execution/live/liveVenue.js';
import type { TradingApi, TradingMarket } from '../../../src/execution/live/tradingApi.js';
import { OrderJournalRepository } from '../../../src/store/orderJournalRepository.js';
import { Store } from '../../../src/store/store.js';
import type { Epoch } from '../../../src/store/tradingRepository.js';
import type { KrakenEmulator } from '../../support/kraken/index.js';
import { API_KEY, HOUR, scriptedCandles, SECRET, T0 } from '../../data/kraken/private/privateFixture.js';

export { HOUR, T0 };

/** The scripted (SYNTHETIC, mechanics only) 1h bar of `symbol` opening at T0 + hour * HOUR. */
export function scriptedBar(symbol: 'SOL/USD' | 'ETH/USD', hour: number): Bar {
  const bar = scriptedCandles().get(symbol)?.[60]?.[hour];
  if (!bar) throw new Error(`no scripted ${symbol} bar ${hour}`);
  return { time: bar.time, open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume };
}

/** Emulated time for order stamps, real sleeps (short ones in these tests); either emulator. */
export function emulatorClock(emu: { now(): number }): Clock {
  return { now: () => emu.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };
}

export function tradingApi(emu: KrakenEmulator, timeoutMs = 2000): KrakenTrading {
  const client = createKrakenClient({ apiUrl: emu.url, timeoutMs, enableRateLimit: false });
  return new KrakenTrading(client, { apiKey: API_KEY, secret: SECRET, wallClock: Date.now });
}

export interface LiveSetup<A extends TradingApi = KrakenTrading> {
  readonly api: A;
  readonly store: Store;
  readonly epoch: Epoch;
  readonly journal: OrderJournalRepository;
  readonly markets: Map<string, TradingMarket>;
  readonly venue: LiveVenue;
}

export type VenueOverrides = Partial<Omit<LiveVenueOptions, 'api' | 'journal' | 'markets'>>;

/**
 * A live venue on an emulator's account (spot or futures), its journal in an in-memory store whose epoch
 * capital is the account's USD.
 */
export async function venueOnAccount<A extends TradingApi>(
  api: A,
  emu: { now(): number },
  epoch: { readonly note: string; readonly venue?: string },
  options: VenueOverrides,
): Promise<LiveSetup<A>> {
  const markets = new Map((await api.markets()).map((m) => [m.symbol, m]));
  const store = Store.open(':memory:');
  const usd = (await api.balances()).get('USD')?.total ?? 0;
  const e = store.trading.createEpoch(usd, emu.now(), epoch.note, epoch.venue);
  const journal = new OrderJournalRepository(store.db, e.id);
  const state: LiveVenueState = { cash: usd, positions: [], openOrders: [], fillIds: [], tradesFrom: e.createdAt };
  const venue = new LiveVenue({
    api,
    journal,
    markets,
    maintenanceMarginRate: 0.005,
    barMs: HOUR,
    clock: emulatorClock(emu),
    state,
    retry: { attempts: 3, baseDelayMs: 5 },
    lookup: { attempts: 2, delayMs: 20 },
    ...options,
  });
  return { api, store, epoch: e, journal, markets, venue };
}

/** A live venue on the spot emulator's account; stops managed by the daemon unless overridden. */
export function liveSetup(emu: KrakenEmulator, overrides: VenueOverrides = {}, timeoutMs = 2000): Promise<LiveSetup> {
  return venueOnAccount(tradingApi(emu, timeoutMs), emu, { note: 'live test' }, { stops: 'daemon', ...overrides });
}

/** What the engine does after a step: one transaction with the step's orders, fills and the venue's books. */
export function persistStep(s: LiveSetup<TradingApi>, venue: LiveVenue, ev: VenueEvents, submitted: readonly OrderState[], time: number): void {
  s.store.trading.writeIteration({
    epochId: s.epoch.id,
    cash: venue.account().cash,
    time,
    orders: [...submitted, ...ev.orders],
    fills: ev.fills,
    charges: ev.charges,
    openPositions: venue.account().positions,
    closedPositions: ev.closedPositions,
    decisions: [],
    cursors: new Map(),
    timeframe: '1h',
  });
}

let seq = 0;

/** An order as risk would approve it (tests build them directly). */
export function order(o: Partial<OrderRequest> & Pick<OrderRequest, 'side'>, now: number): Approved<OrderRequest> {
  seq++;
  return {
    clientOrderId: `e1-SOL-${Math.floor(now / 1000)}-${seq}`,
    symbol: 'SOL/USD',
    type: 'market',
    quantity: 2,
    leverage: 3,
    reduceOnly: false,
    createdAt: now,
    signalBarTime: now - HOUR,
    reason: 'scripted test order',
    ...o,
  } as Approved<OrderRequest>;
}
