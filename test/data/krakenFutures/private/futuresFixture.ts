import { createKrakenFuturesClient, type KrakenFuturesClient } from '../../../../src/data/krakenFutures/index.js';
import { tradesOfBar, type EmulatorCandles, type SyntheticTrade } from '../../../support/kraken/index.js';
import {
  KrakenFuturesEmulator,
  type FixtureRate,
  type FuturesAccountOptions,
  type KrakenFuturesEmulatorOptions,
} from '../../../support/krakenFutures/index.js';
import { bars, HOUR, SOL_PATH, T0, type Path } from '../../kraken/private/privateFixture.js';

export const API_KEY = 'futures-emulator-test-key';
export const SECRET = Buffer.from('futures emulator secret for tests only, never a real key').toString('base64');
export { HOUR, T0 };

// SYNTHETIC bars, scripted to exercise matching, funding and liquidation only: the spot tests' SOL path (a dip
// to 90 at 10:00, a rally to 110 at 12:00) then a crash to 60 at 16:00; not market data.
const SOL_FUTURES_PATH: Path = [...SOL_PATH.slice(0, 16), [108, 108, 60, 62], ...Array.from({ length: 8 }, () => [62, 63, 61, 62] as const)];
const BTC_PATH: Path = Array.from({ length: 25 }, () => [50_000, 50_100, 49_900, 50_000] as const);

/** Scripted SOL/USD and BTC/USD 1h candles standing for PF_SOLUSD and PF_XBTUSD (synthetic, see above). */
export function scriptedCandles(): EmulatorCandles {
  return new Map([
    ['SOL/USD', { 60: bars(SOL_FUTURES_PATH, 5000) }],
    ['BTC/USD', { 60: bars(BTC_PATH, 50) }],
  ]);
}

/** TEST FIXTURE funding: PF_SOLUSD pays +0.01% in hours 0-11 and -0.02% from hour 12 on (relative, per hour). */
export function scriptedFunding(): Map<string, FixtureRate[]> {
  return new Map([['PF_SOLUSD', Array.from({ length: 25 }, (_, i) => ({ time: T0 + i * HOUR, relative: i < 12 ? 0.0001 : -0.0002 }))]]);
}

/** The tape prints of the scripted SOL bar opening at `T0 + hour * HOUR`. */
export function solPrints(hour: number): SyntheticTrade[] {
  const bar = (scriptedCandles().get('SOL/USD')?.[60] ?? [])[hour];
  if (!bar) throw new Error(`no scripted SOL bar ${hour}`);
  return tradesOfBar(bar, HOUR);
}

/** The last scripted SOL print at or before `time` (what a market order fills at). */
export function solPriceAt(time: number): number {
  for (let hour = Math.floor((time - T0) / HOUR); hour >= 0; hour--) {
    const print = solPrints(hour).findLast((t) => t.ms <= time);
    if (print) return print.price;
  }
  throw new Error('no SOL print before that time');
}

export async function startFutures(
  account: FuturesAccountOptions = { usd: 10_000 },
  options: Partial<KrakenFuturesEmulatorOptions> = {},
): Promise<KrakenFuturesEmulator> {
  return KrakenFuturesEmulator.start({
    candles: scriptedCandles(),
    now: T0 + 5.5 * HOUR,
    funding: scriptedFunding(),
    credentials: { apiKey: API_KEY, secret: SECRET },
    account,
    ...options,
  });
}

/** The real ccxt krakenfutures client, signed, pointed at the emulator. */
export function signedFuturesClient(emu: KrakenFuturesEmulator, timeoutMs = 2000): KrakenFuturesClient {
  const client = createKrakenFuturesClient({ apiUrl: emu.url, timeoutMs, enableRateLimit: false });
  client.apiKey = API_KEY;
  client.secret = SECRET;
  return client;
}

/** An order's id, which ccxt types as optional. */
export function idOf(order: { id?: string | undefined }): string {
  if (order.id === undefined) throw new Error('the order has no id');
  return order.id;
}
