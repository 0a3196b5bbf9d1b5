import { createHash } from 'node:crypto';

/** Namespace of the bot's exchange client ids: a different one would give different ids for the same orders. */
const NAMESPACE = 'bot/kraken/cl_ord_id/v1';

/**
 * The cl_ord_id an order is sent to Kraken with. Kraken takes a UUID or at most 18 characters of free
 * text; the engine's ids (`e12-SOL-1704067200-o`) are longer, so the exchange sees a UUID derived from
 * the engine's id the way UUID v5 is (a hash of namespace and name; sha256 instead of sha1, version 5
 * and the RFC 4122 variant set). Deterministic: a restart derives the same id for the same order, so
 * the order can be found again by it. The mapping is also stored with the order row.
 */
export function exchangeClientId(clientOrderId: string): string {
  if (clientOrderId.length === 0) throw new Error('an order needs a client order id');
  const bytes = createHash('sha256').update(NAMESPACE).update('\u0000').update(clientOrderId).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Whether `id` has the shape of the ids exchangeClientId makes. */
export function isExchangeClientId(id: string): boolean {
  return UUID.test(id);
}
