import type { FaultDialect } from '../kraken/faults.js';

/**
 * Kraken Futures' transient errors, as ccxt's krakenfutures maps them: apiLimitExceeded (RateLimitExceeded),
 * unavailable and Unavailable (ExchangeNotAvailable; the capitalised one is ccxt issue 24338).
 */
export const TRANSIENT_FUTURES_ERRORS: readonly string[] = ['apiLimitExceeded', 'unavailable', 'Unavailable'];

/** 200s that are not the answer: a proxy's HTML, nothing, truncated JSON, and a success that carries nothing. */
export const FUTURES_MALFORMED_BODIES: readonly string[] = [
  '<html><head><title>502 Bad Gateway</title></head><body>cloudflare</body></html>',
  '',
  '{"result":"success","serverTime":"',
  '{"result":"success"}',
];

export const FUTURES_DIALECT: FaultDialect = { errors: TRANSIENT_FUTURES_ERRORS, malformed: FUTURES_MALFORMED_BODIES };
