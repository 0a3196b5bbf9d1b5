import { kraken } from 'ccxt';
import { isLoopbackUrl } from './loopback.js';

export type KrakenClient = InstanceType<typeof kraken>;

export interface KrakenClientOptions {
  /** Origin replacing Kraken's (an emulator or proxy), e.g. http://127.0.0.1:40123; null = the real Kraken. */
  readonly apiUrl: string | null;
  readonly timeoutMs: number;
  /**
   * ccxt's own throttle (about one public call per second for Kraken). Default: on, except for a
   * loopback apiUrl, which is an emulator that has no limit to respect.
   */
  readonly enableRateLimit?: boolean;
}

/**
 * A ccxt kraken client. Kraken spot has no sandbox: `setSandboxMode` would empty its URLs, so it is never
 * called; paper trading happens in the simulated venue instead.
 */
export function createKrakenClient(options: KrakenClientOptions): KrakenClient {
  const apiUrl = options.apiUrl?.replace(/\/+$/, '') ?? null;
  const client = new kraken({
    timeout: options.timeoutMs,
    enableRateLimit: options.enableRateLimit ?? (apiUrl === null || !isLoopbackUrl(apiUrl)),
  });
  if (apiUrl !== null) {
    // ccxt builds urls.api[api] + '/0/' + api + '/' + method: the bare origin, no '/0'.
    client.urls.api = { ...client.urls.api, public: apiUrl, private: apiUrl };
  }
  return client;
}
