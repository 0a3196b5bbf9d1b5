import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export interface Credentials {
  readonly apiKey: string;
  /** Base64, as Kraken issues it. */
  readonly secret: string;
}

/** Kraken's API-Sign: base64(HMAC-SHA512(base64-decoded secret, URI path + SHA256(nonce + POST body))). */
export function krakenSignature(path: string, nonce: string, body: string, secret: string): string {
  const digest = createHash('sha256')
    .update(nonce + body)
    .digest();
  return createHmac('sha512', Buffer.from(secret, 'base64'))
    .update(Buffer.concat([Buffer.from(path), digest]))
    .digest('base64');
}

/** Checks a private request the way Kraken does; returns Kraken's error string, or undefined when it passes. */
export class PrivateAuth {
  private lastNonce = new Map<string, bigint>();

  constructor(private readonly credentials: Credentials | undefined) {}

  check(path: string, headers: Readonly<Record<string, string>>, body: string, params: Readonly<Record<string, string>>): string | undefined {
    const creds = this.credentials;
    if (!creds || headers['api-key'] !== creds.apiKey) return 'EAPI:Invalid key';
    const nonce = params['nonce'];
    if (nonce === undefined || !/^\d+$/.test(nonce)) return 'EAPI:Invalid nonce';
    const expected = Buffer.from(krakenSignature(path, nonce, body, creds.secret));
    const given = Buffer.from(headers['api-sign'] ?? '');
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'EAPI:Invalid signature';
    const value = BigInt(nonce);
    const last = this.lastNonce.get(creds.apiKey);
    if (last !== undefined && value <= last) return 'EAPI:Invalid nonce';
    this.lastNonce.set(creds.apiKey, value);
    return undefined;
  }
}
