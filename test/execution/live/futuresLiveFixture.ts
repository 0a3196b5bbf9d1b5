import type { Bar } from '../../../src/domain/bar.js';
import type { Clock } from '../../../src/domain/ports.js';
import { createKrakenFuturesClient } from '../../../src/data/krakenFutures/index.js';
import { KrakenFuturesTrading } from '../../../src/data/krakenFutures/krakenFuturesTrading.js';
import { LiveVenue, type LiveVenueOptions, type LiveVenueState } from '../../../src/execution/live/liveVenue.js';
import type { TradingMarket } from '../../../src/execution/live/tradingApi.js';
import { OrderJournalRepository } from '../../../src/store/orderJournalRepository.js';
import { Store } from '../../../src/store/store.js';
import type { Epoch } from '../../../src/store/tradingRepository.js';
import type { KrakenFuturesEmulator } from '../../support/krakenFutures/index.js';
import { API_KEY, HOUR, scriptedCandles, SECRET, T0 } from '../../data/krakenFutures/private/futuresFixture.js';

export { HOUR, T0 };

/** The scripted (SYNTHETIC, mechanics only) 1h SOL bar opening at T0 + hour * HOUR, standing for PF_SOLUSD. */
export function futuresBar(hour: number): Bar {
  const bar = scriptedCandles().get('SOL/USD')?.[60]?.[hour];
  if (!bar) throw new Error(`no scripted SOL bar ${hour}`);
  return { time: bar.time, open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume };
}

/** Emulated time for order stamps, real (short) sleeps. */
export function futuresClock(emu: KrakenFuturesEmulator): Clock {
  return { now: () => emu.now(), sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)) };
}

export function futuresTrading(emu: KrakenFuturesEmulator, timeoutMs = 2000): KrakenFuturesTrading {
  const client = createKrakenFuturesClient({ apiUrl: emu.url, timeoutMs, enableRateLimit: false });
  return new KrakenFuturesTrading(client, { apiKey: API_KEY, secret: SECRET, wallClock: () => emu.now() });
}

export interface FuturesLiveSetup {
  readonly api: KrakenFuturesTrading;
  readonly store: Store;
  readonly epoch: Epoch;
  readonly journal: OrderJournalRepository;
  readonly markets: Map<string, TradingMarket>;
  readonly venue: LiveVenue;
}

/** A live venue on the futures emulator's account, its journal in an in-memory store whose capital is the USD collateral. */
export async function futuresLiveSetup(
  emu: KrakenFuturesEmulator,
  overrides: Partial<Omit<LiveVenueOptions, 'api' | 'journal' | 'markets'>> = {},
  timeoutMs = 2000,
): Promise<FuturesLiveSetup> {
  const api = futuresTrading(emu, timeoutMs);
  const markets = new Map((await api.markets()).map((m) => [m.symbol, m]));
  const store = Store.open(':memory:');
  const usd = (await api.balances()).get('USD')?.total ?? 0;
  const epoch = store.trading.createEpoch(usd, emu.now(), 'live futures test', 'kraken-futures');
  const journal = new OrderJournalRepository(store.db, epoch.id);
  const state: LiveVenueState = { cash: usd, positions: [], openOrders: [], fillIds: [], tradesFrom: epoch.createdAt };
  const venue = new LiveVenue({
    api,
    journal,
    markets,
    maintenanceMarginRate: 0.005,
    barMs: HOUR,
    clock: futuresClock(emu),
    state,
    retry: { attempts: 3, baseDelayMs: 5 },
    lookup: { attempts: 2, delayMs: 20 },
    ...overrides,
  });
  return { api, store, epoch, journal, markets, venue };
}
