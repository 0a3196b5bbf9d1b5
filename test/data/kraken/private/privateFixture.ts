import type { CsvBar } from '../../../support/sharedData.js';
import { createKrakenClient, type KrakenClient } from '../../../../src/data/kraken/index.js';
import {
  KrakenEmulator,
  tradesOfBar,
  type AccountOptions,
  type EmulatorCandles,
  type KrakenEmulatorOptions,
  type SyntheticTrade,
} from '../../../support/kraken/index.js';

export const HOUR = 3_600_000;
export const API_KEY = 'emulator-test-key';
export const SECRET = Buffer.from('emulator secret for tests only, never a real key').toString('base64');

/** 2025-01-01T00:00Z: the first scripted bar. */
export const T0 = Date.parse('2025-01-01T00:00:00Z');

export type Path = readonly (readonly [open: number, high: number, low: number, close: number])[];

// SYNTHETIC bars, scripted to exercise matching mechanics only (a dip to 90 at 10:00, a rally to 110
// at 12:00); they are not market data. Each bar's tape comes from tradesOfBar, like real candles.
export const SOL_PATH: Path = [
  ...Array.from({ length: 10 }, () => [100, 101, 99, 100] as const),
  [100, 100.5, 90, 92],
  [92, 96, 91, 95],
  [95, 110, 94, 108],
  ...Array.from({ length: 12 }, () => [108, 109, 107, 108] as const),
];
const ETH_PATH: Path = Array.from({ length: 25 }, () => [2000, 2010, 1990, 2000] as const);

/** Hourly bars from T0 along `path`, each with `volume`. */
export function bars(path: Path, volume: number): CsvBar[] {
  return path.map(([open, high, low, close], i) => ({ time: T0 + i * HOUR, open, high, low, close, volume }));
}

/** Scripted SOL/USD and ETH/USD 1h candles (synthetic, see above). */
export function scriptedCandles(): EmulatorCandles {
  return new Map([
    ['SOL/USD', { 60: bars(SOL_PATH, 5000) }],
    ['ETH/USD', { 60: bars(ETH_PATH, 300) }],
  ]);
}

/** The tape prints of the scripted SOL bar opening at `T0 + hour * HOUR`. */
export function solPrints(hour: number): SyntheticTrade[] {
  const bar = (scriptedCandles().get('SOL/USD')?.[60] ?? [])[hour];
  if (!bar) throw new Error(`no scripted SOL bar ${hour}`);
  return tradesOfBar(bar, HOUR);
}

export async function startAccount(
  account: AccountOptions = { balances: { ZUSD: 10_000, SOL: 10 } },
  options: Partial<KrakenEmulatorOptions> = {},
): Promise<KrakenEmulator> {
  return KrakenEmulator.start({
    candles: scriptedCandles(),
    now: T0 + 5.5 * HOUR,
    credentials: { apiKey: API_KEY, secret: SECRET },
    account,
    ...options,
  });
}

/**
 * The real ccxt kraken client, signed, pointed at the emulator. ccxt's nonce is the wall clock in ms:
 * on loopback two calls in a row can share a millisecond and Kraken refuses the second, so the client
 * gets a nonce that never repeats (what a live venue must do too), unless `ccxtNonce` asks for ccxt's own.
 */
export function signedClient(emu: KrakenEmulator, timeoutMs = 2000, ccxtNonce = false): KrakenClient {
  const client = createKrakenClient({ apiUrl: emu.url, timeoutMs, enableRateLimit: false });
  client.apiKey = API_KEY;
  client.secret = SECRET;
  if (!ccxtNonce) {
    let last = 0;
    client.nonce = () => (last = Math.max(last + 1, Date.now()));
  }
  return client;
}

/** The last scripted SOL print at or before `time` (what a market order fills at). */
export function solPriceAt(time: number): number {
  for (let hour = Math.floor((time - T0) / HOUR); hour >= 0; hour--) {
    const print = solPrints(hour)
      .filter((t) => t.ms <= time)
      .at(-1);
    if (print) return print.price;
  }
  throw new Error('no SOL print before that time');
}

/** The first scripted SOL print after `from` whose price passes `test`. */
export function firstSolPrint(from: number, test: (price: number) => boolean): SyntheticTrade {
  for (let hour = Math.floor((from - T0) / HOUR); hour < 25; hour++) {
    const print = solPrints(hour).find((t) => t.ms > from && test(t.price));
    if (print) return print;
  }
  throw new Error('no such SOL print');
}

/** An order's id, which ccxt types as optional. */
export function txidOf(order: { id?: string | undefined }): string {
  if (order.id === undefined) throw new Error('the order has no id');
  return order.id;
}
