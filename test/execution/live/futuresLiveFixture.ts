import type { Bar } from '../../../src/domain/bar.js';
import { createKrakenFuturesClient } from '../../../src/data/krakenFutures/index.js';
import { KrakenFuturesTrading } from '../../../src/data/krakenFutures/krakenFuturesTrading.js';
import type { KrakenFuturesEmulator } from '../../support/krakenFutures/index.js';
import { API_KEY, HOUR, scriptedCandles, SECRET, T0 } from '../../data/krakenFutures/private/futuresFixture.js';
import { type LiveSetup, type VenueOverrides, venueOnAccount } from './liveFixture.js';

export { HOUR, T0 };

/** The scripted (SYNTHETIC, mechanics only) 1h SOL bar opening at T0 + hour * HOUR, standing for PF_SOLUSD. */
export function futuresBar(hour: number): Bar {
  const bar = scriptedCandles().get('SOL/USD')?.[60]?.[hour];
  if (!bar) throw new Error(`no scripted SOL bar ${hour}`);
  return { time: bar.time, open: bar.open, high: bar.high, low: bar.low, close: bar.close, volume: bar.volume };
}

export function futuresTrading(emu: KrakenFuturesEmulator, timeoutMs = 2000): KrakenFuturesTrading {
  const client = createKrakenFuturesClient({ apiUrl: emu.url, timeoutMs, enableRateLimit: false });
  return new KrakenFuturesTrading(client, { apiKey: API_KEY, secret: SECRET, wallClock: () => emu.now() });
}

/** A live venue on the futures emulator's account, its journal in an in-memory store whose capital is the USD collateral. */
export function futuresLiveSetup(emu: KrakenFuturesEmulator, overrides: VenueOverrides = {}, timeoutMs = 2000): Promise<LiveSetup<KrakenFuturesTrading>> {
  return venueOnAccount(futuresTrading(emu, timeoutMs), emu, { note: 'live futures test', venue: 'kraken-futures' }, overrides);
}
