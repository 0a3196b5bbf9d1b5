import { seededRng, shuffleInPlace, type Rng } from '../../domain/random.js';

/** Visits every sample once per epoch in a seeded random order: same seed, same batches. */
export function epochOrders(size: number, seed: number): { next(): Int32Array } {
  const rng: Rng = seededRng(seed);
  const indices = Array.from({ length: size }, (_, i) => i);
  return {
    next() {
      shuffleInPlace(indices, rng);
      return Int32Array.from(indices);
    },
  };
}
