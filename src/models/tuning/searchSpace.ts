import type { Rng } from '../../domain/random.js';
import type { ModelKind } from '../kinds.js';

/** One point of the search: sizes of the kind and the learning rate. */
export interface Candidate {
  readonly sizes: Record<string, unknown>;
  readonly learningRate: number;
}

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)] as T;

/**
 * Where `--tune` looks, per kind: small grids around the defaults, kept small enough that a search of a
 * dozen candidates fits the optimize budget on two cores.
 */
export function sampleCandidate(kind: ModelKind, rng: Rng): Candidate {
  const learningRate = pick(rng, [3e-4, 1e-3, 3e-3]);
  const dropout = pick(rng, [0, 0.1, 0.2]);
  switch (kind) {
    case 'lstm':
      return { learningRate, sizes: { units: pick(rng, [[16], [32, 16], [48, 24]]), dropout } };
    case 'tcn':
      return { learningRate, sizes: { filters: pick(rng, [12, 24, 32]), kernelSize: pick(rng, [2, 3]), dropout } };
    case 'transformer':
      return {
        learningRate,
        sizes: { modelDim: pick(rng, [16, 32]), heads: pick(rng, [2, 4]), feedForwardDim: pick(rng, [32, 64]), layers: pick(rng, [1, 2]), dropout },
      };
    case 'cnnLstm':
      return {
        learningRate,
        sizes: {
          convFilters: pick(rng, [
            [8, 8],
            [16, 16],
          ]),
          lstmUnits: pick(rng, [
            [16, 8],
            [32, 16],
          ]),
          dropout,
        },
      };
  }
}
