import { createHash } from 'node:crypto';
import type { NonceRecord } from '../domain/nonceRecord.js';
import type { Db } from './database.js';

/**
 * The last nonce sent with each API key (table api_nonces). Kraken refuses a nonce not above the last it
 * saw for the key, and the nonce comes from the wall clock: a restart after the clock stepped back would
 * be refused until the clock caught up. The key is stored only as a hash of it.
 */
export class NonceRepository {
  constructor(private readonly db: Db) {}

  /** The record of one key, for the key's nonce generator. */
  forKey(apiKey: string): NonceRecord {
    const keyId = createHash('sha256').update(apiKey).digest('hex').slice(0, 32);
    const read = this.db.prepare('SELECT last_nonce AS n FROM api_nonces WHERE key_id = ?');
    const write = this.db.prepare(
      `INSERT INTO api_nonces (key_id, last_nonce, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (key_id) DO UPDATE SET last_nonce = MAX(last_nonce, excluded.last_nonce), updated_at = excluded.updated_at`,
    );
    return {
      last: () => (read.get(keyId) as { n: number } | undefined)?.n ?? 0,
      // Committed on its own before the request leaves: a nonce on the wire is a nonce on disk.
      save: (nonce) => void write.run(keyId, nonce, Date.now()),
    };
  }
}
