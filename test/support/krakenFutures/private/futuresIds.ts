import { seededRng, type Rng } from '../../../../src/domain/random.js';

/**
 * Kraken Futures' ids are UUIDs (orders, fills, log bookings); these come from a seeded generator, so the
 * same seed and the same requests give the same ids and a failing run can be replayed.
 */
export class FuturesIds {
  private readonly rng: Rng;

  constructor(seed: number) {
    this.rng = seededRng(seed);
  }

  uuid(): string {
    const hex = Array.from({ length: 32 }, () => Math.floor(this.rng.next() * 16).toString(16)).join('');
    // Version 4, variant 10xx, as a random UUID has them.
    const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }
}
