import { seededRng, type Rng } from '../../../../src/domain/random.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * Kraken-shaped ids from a seeded generator: orders "OQCLML-BW3P3-BUCMWZ", trades and positions "T...",
 * ledger entries "L...". The same seed and the same requests give the same ids, so a failing run can be replayed.
 */
export class KrakenIds {
  private readonly rng: Rng;
  private readonly used = new Set<string>();

  constructor(seed: number) {
    this.rng = seededRng(seed);
  }

  next(prefix: 'O' | 'T' | 'L'): string {
    for (;;) {
      const chars = Array.from({ length: 16 }, () => ALPHABET[Math.floor(this.rng.next() * ALPHABET.length)] as string);
      const id = `${prefix}${chars.slice(0, 5).join('')}-${chars.slice(5, 10).join('')}-${chars.slice(10).join('')}`;
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }
}
