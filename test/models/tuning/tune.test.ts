import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../../src/models/tuning/searchSpace.js';
import { tune } from '../../../src/models/tuning/tune.js';

/** A scripted validation loss: lower learning rates and bigger units are better, and longer training helps. */
const loss = (c: Candidate, epochs: number) => c.learningRate * 100 - ((c.sizes['units'] as number[])[0] ?? 0) / 100 + 1 / epochs;

describe('hyperparameter search', () => {
  it('random search tries `budget` candidates at full epochs and returns the best', async () => {
    const seen: number[] = [];
    const r = await tune('lstm', 'random', 6, 8, 7, async (c, epochs) => {
      seen.push(epochs);
      return loss(c, epochs);
    });
    expect(seen).toEqual([8, 8, 8, 8, 8, 8]);
    expect(r.bestLoss).toBe(Math.min(...r.trials.map((t) => t.valLoss)));
  });

  it('successive halving keeps the better half each round and gives it more epochs', async () => {
    const r = await tune('lstm', 'halving', 8, 8, 7, async (c, epochs) => loss(c, epochs));
    const byEpochs = new Map<number, number>();
    for (const t of r.trials) byEpochs.set(t.epochs, (byEpochs.get(t.epochs) ?? 0) + 1);
    // 8 candidates at 2 epochs, the best 4 at 4, the best 2 at the full 8; the winner is the better of those.
    expect([...byEpochs]).toEqual([
      [2, 8],
      [4, 4],
      [8, 2],
    ]);
    const finalists = r.trials.filter((t) => t.epochs === 8).sort((a, b) => a.valLoss - b.valLoss);
    expect(r.best).toBe(finalists[0]?.candidate);
    // The scripted loss ranks candidates the same at any length, so the winner also led the first round.
    const firstRound = r.trials.filter((t) => t.epochs === 2).sort((a, b) => a.valLoss - b.valLoss);
    expect(firstRound[0]?.candidate).toBe(r.best);
  });

  it('is reproducible with a seed and varies without it', async () => {
    const run = (seed: number) => tune('tcn', 'random', 5, 2, seed, async (c) => c.learningRate);
    const a = await run(1);
    const b = await run(1);
    expect(b.trials.map((t) => t.candidate)).toEqual(a.trials.map((t) => t.candidate));
    const c = await run(2);
    expect(c.trials.map((t) => t.candidate)).not.toEqual(a.trials.map((t) => t.candidate));
  });

  it('refuses a budget below 1', async () => {
    await expect(tune('lstm', 'random', 0, 2, 1, async () => 1)).rejects.toThrow(/budget/);
  });
});
