import { krakenfutures } from 'ccxt';
import { isLoopbackUrl } from '../kraken/loopback.js';

export type KrakenFuturesClient = InstanceType<typeof krakenfutures>;

export interface KrakenFuturesClientOptions {
  /** Origin replacing futures.kraken.com (an emulator), e.g. http://127.0.0.1:40123; null = the real one. */
  readonly apiUrl: string | null;
  readonly timeoutMs: number;
  /** ccxt's own throttle; default: on, except for a loopback apiUrl (an emulator has no limit to respect). */
  readonly enableRateLimit?: boolean;
  /** Kraken's demo futures environment (demo-futures.kraken.com, ccxt's sandbox URLs) instead of production. */
  readonly demo?: boolean;
}

/**
 * A ccxt krakenfutures client, on production or (demo) on Kraken's demo exchange: unlike Kraken spot's,
 * ccxt's sandbox switch works here and points every API at demo-futures.kraken.com. An apiUrl replaces the origin of every API ccxt calls (its paths stay:
 * /derivatives/api/ for public and private, /api/charts/ for candles, /api/history/ for history).
 */
export function createKrakenFuturesClient(options: KrakenFuturesClientOptions): KrakenFuturesClient {
  const apiUrl = options.apiUrl?.replace(/\/+$/, '') ?? null;
  const client = new krakenfutures({
    timeout: options.timeoutMs,
    enableRateLimit: options.enableRateLimit ?? (apiUrl === null || !isLoopbackUrl(apiUrl)),
  });
  if (options.demo) client.setSandboxMode(true);
  if (apiUrl !== null) {
    client.urls.api = {
      ...client.urls.api,
      public: `${apiUrl}/derivatives/api/`,
      private: `${apiUrl}/derivatives/api/`,
      charts: `${apiUrl}/api/charts/`,
      history: `${apiUrl}/api/history/`,
    };
  }
  return client;
}
