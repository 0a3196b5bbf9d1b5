import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Credentials } from '../kraken/privateAuth.js';

/**
 * Kraken Futures' Authent, as ccxt's krakenfutures `sign` computes it:
 * base64(HMAC-SHA512(base64-decoded secret, SHA256(postData + nonce + endpointPath))), where postData is the
 * url-encoded parameters (ccxt sends them as the query string, also for POST), nonce the optional `Nonce`
 * header (ccxt sends none) and endpointPath the URL path from "/api/" on ("/api/v3/sendorder",
 * "/api/history/v3/account-log"): without the "/derivatives" prefix of the derivatives API.
 */
export function futuresAuthent(postData: string, nonce: string, endpointPath: string, secret: string): string {
  const digest = createHash('sha256')
    .update(postData + nonce + endpointPath)
    .digest();
  return createHmac('sha512', Buffer.from(secret, 'base64')).update(digest).digest('base64');
}

/** The path a signature covers: the request path from "/api/" on. */
export function signedPath(pathname: string): string {
  return pathname.replace(/^\/derivatives(?=\/api\/)/, '');
}

/**
 * Checks a private request the way Kraken Futures does; returns Kraken's error code, or undefined when it
 * passes. Kraken answers every authentication failure with `authenticationError` (ccxt: AuthenticationError).
 */
export function checkFuturesAuth(
  credentials: Credentials | undefined,
  request: { readonly path: string; readonly query: string; readonly body: string; readonly headers: Readonly<Record<string, string>> },
): string | undefined {
  if (!credentials || request.headers['apikey'] !== credentials.apiKey) return 'authenticationError';
  const postData = request.query !== '' ? request.query : request.body;
  const expected = Buffer.from(futuresAuthent(postData, request.headers['nonce'] ?? '', signedPath(request.path), credentials.secret));
  const given = Buffer.from(request.headers['authent'] ?? '');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'authenticationError';
  return undefined;
}
