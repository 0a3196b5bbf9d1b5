import { seededRng, type Rng } from '../domain/random.js';

/**
 * Seeds are kept >= 1 because tfjs treats a seed of 0 as "no seed" and draws from Math.random.
 *
 * Hands out distinct integer seeds derived from one model seed, one per initializer or dropout layer,
 * so that every random draw in a model is reproducible from a single number.
 */
export interface SeedStream {
  next(): number;
}

export function seedStream(seed: number): SeedStream {
  const rng: Rng = seededRng(seed);
  return { next: () => 1 + Math.floor(rng.next() * 2_147_483_646) };
}

/** A seed for the `step`-th draw of a layer whose base seed is `seed`: masks differ per step, runs repeat. */
export function stepSeed(seed: number, step: number): number {
  let h = (seed ^ Math.imul(step + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return 1 + ((h ^ (h >>> 16)) % 2_147_483_646);
}
