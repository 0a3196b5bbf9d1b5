import { seededRng } from '../../domain/random.js';
import type { ModelKind } from '../kinds.js';
import { sampleCandidate, type Candidate } from './searchSpace.js';

export type TuneMethod = 'random' | 'halving';

/** Trains a candidate for `epochs` epochs and returns its best validation loss (lower is better). */
export type Evaluate = (candidate: Candidate, epochs: number) => Promise<number>;

export interface TuneResult {
  readonly best: Candidate;
  readonly bestLoss: number;
  /** Every evaluation, in order: what was tried, for how long, and how it did. */
  readonly trials: readonly { candidate: Candidate; epochs: number; valLoss: number }[];
}

/**
 * Hyperparameter search on the validation block only (the test block stays untouched for the report).
 * random: `budget` candidates, each trained for the full epochs. halving (successive halving): `budget`
 * candidates start with few epochs; each round keeps the better half and doubles their epochs, so most of
 * the compute goes to the promising ones. Candidates are drawn from a seeded generator: same seed, same search.
 */
export async function tune(kind: ModelKind, method: TuneMethod, budget: number, maxEpochs: number, seed: number, evaluate: Evaluate): Promise<TuneResult> {
  if (!(Number.isInteger(budget) && budget >= 1)) throw new RangeError(`budget must be a whole number >= 1, got ${budget}`);
  const rng = seededRng(seed);
  const candidates = Array.from({ length: budget }, () => sampleCandidate(kind, rng));
  const trials: { candidate: Candidate; epochs: number; valLoss: number }[] = [];
  const run = async (c: Candidate, epochs: number) => {
    const valLoss = await evaluate(c, epochs);
    trials.push({ candidate: c, epochs, valLoss: Number.isFinite(valLoss) ? valLoss : Number.POSITIVE_INFINITY });
    return trials[trials.length - 1]!.valLoss;
  };
  if (method === 'random') {
    for (const c of candidates) await run(c, maxEpochs);
  } else {
    const rounds = Math.max(1, Math.ceil(Math.log2(budget)));
    let epochs = Math.max(1, Math.floor(maxEpochs / 2 ** (rounds - 1)));
    let alive = candidates;
    for (;;) {
      const scored: { c: Candidate; loss: number }[] = [];
      for (const c of alive) scored.push({ c, loss: await run(c, epochs) });
      if (alive.length === 1 || epochs >= maxEpochs) break;
      scored.sort((a, b) => a.loss - b.loss);
      alive = scored.slice(0, Math.max(1, Math.ceil(alive.length / 2))).map((s) => s.c);
      epochs = Math.min(maxEpochs, epochs * 2);
    }
  }
  let best = candidates[0] as Candidate;
  let bestLoss = Number.POSITIVE_INFINITY;
  // Judge each candidate by its longest training: in halving, short early rounds are not comparable.
  const longest = new Map<Candidate, { epochs: number; loss: number }>();
  for (const t of trials) {
    const prev = longest.get(t.candidate);
    if (!prev || t.epochs >= prev.epochs) longest.set(t.candidate, { epochs: t.epochs, loss: t.valLoss });
  }
  const topEpochs = Math.max(...[...longest.values()].map((v) => v.epochs));
  for (const [c, v] of longest) {
    if (v.epochs === topEpochs && v.loss < bestLoss) {
      best = c;
      bestLoss = v.loss;
    }
  }
  return { best, bestLoss, trials };
}
