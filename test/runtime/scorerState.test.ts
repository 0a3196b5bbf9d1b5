import { afterAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Bar, Symbol } from '../../src/domain/bar.js';
import type { Signal } from '../../src/domain/signal.js';
import { loadConfig } from '../../src/config/load.js';
import { runLoop } from '../../src/daemon/runLoop.js';
import type { Scorer } from '../../src/ensemble/scorer.js';
import { silentLogger } from '../../src/internal/logger.js';
import { composeTrading } from '../../src/runtime/tradingRuntime.js';
import { Store } from '../../src/store/store.js';
import { hasSharedData, readBinanceCsv, SHARED_DATA_MISSING, sharedFile } from '../support/sharedData.js';
import { makeTempHome } from '../support/tempHome.js';

/** Keeps what bars cannot rebuild: how many bars it has scored (as the adaptive ensemble keeps its record). */
class CountingScorer implements Scorer {
  readonly warmup = 1;
  scored = 0;
  constructor(readonly name: string) {}
  score(symbol: Symbol, history: readonly Bar[]): Signal {
    this.scored++;
    const bar = history[history.length - 1] as Bar;
    return {
      symbol,
      barTime: bar.time,
      source: 'rule',
      direction: 'flat',
      exposure: 0,
      rebalance: true,
      horizonBars: 1,
      class: 'HOLD',
      atr: 1,
      members: [],
      inputs: {},
    };
  }
  state(): unknown {
    return { scored: this.scored };
  }
  restore(state: unknown): boolean {
    const scored = (state as { scored?: unknown }).scored;
    if (typeof scored !== 'number') return false;
    this.scored = scored;
    return true;
  }
}

/** Learns something every third bar it scores; between, its state() is the same object. */
class SlowLearner extends CountingScorer {
  private saved: { learned: number } = { learned: 0 };
  override state(): unknown {
    const learned = Math.floor(this.scored / 3);
    if (learned !== this.saved.learned) this.saved = { learned };
    return this.saved;
  }
  override restore(state: unknown): boolean {
    const learned = (state as { learned?: unknown }).learned;
    if (typeof learned !== 'number') return false;
    this.saved = { learned };
    this.scored = learned * 3;
    return true;
  }
}

describe.skipIf(!hasSharedData)(`scorer state survives a restart ${hasSharedData ? '' : SHARED_DATA_MISSING}`, () => {
  const home = makeTempHome();
  afterAll(() => home.cleanup());
  const database = path.join(home.dir, 'bot.db');
  const { config } = loadConfig(undefined, [
    { path: ['assets'], value: ['SOL/USD'], flag: '--assets' },
    { path: ['marketLead'], value: null, flag: 'test' },
  ]);
  const from = Date.parse('2024-02-01T00:00:00Z');

  async function run(scorer: CountingScorer, iterations: number, reported: unknown[] = []) {
    const store = Store.open(database);
    try {
      const rt = await composeTrading({ config, store, feed: 'replay', from, scorers: new Map([['SOL/USD', scorer]]), now: from });
      await runLoop({
        feed: rt.feed,
        engine: rt.engine,
        persist: (outcome) => {
          reported.push(outcome.scorerStates.get('SOL/USD')?.state);
          rt.persist(outcome);
        },
        pause: async () => undefined,
        intervalMs: 0,
        maxIterations: iterations,
        signal: new AbortController().signal,
        logger: silentLogger,
        onTime: rt.onTime,
      });
      return rt.description;
    } finally {
      store.close();
    }
  }

  it('is saved with each iteration and taken up again by the same scorer, not by another', async () => {
    const store = Store.open(database);
    const bars = readBinanceCsv(sharedFile('binance', 'SOL-USDT_1h.csv')).filter(
      (b) => b.time >= Date.parse('2024-01-01') && b.time < Date.parse('2024-03-01'),
    );
    store.candles.upsert('SOL/USD', '1h', bars);
    store.close();

    const first = new CountingScorer('counting v1');
    expect((await run(first, 7)).scorerStateRestored).toBeUndefined();
    expect(first.scored).toBe(7);

    const again = new CountingScorer('counting v1');
    const resumed = await run(again, 3);
    expect(resumed.scorerStateRestored).toEqual(['SOL/USD']);
    expect(again.scored).toBe(10);

    // A new version of the scorer (a newly promoted ensemble) starts from its own beginning.
    const other = new CountingScorer('counting v2');
    expect((await run(other, 2)).scorerStateRestored).toBeUndefined();
    expect(other.scored).toBe(2);
  });

  it('is put in a step only when it changed, and the store keeps the last one', async () => {
    const reported: unknown[] = [];
    const learner = new SlowLearner('slow v1');
    await run(learner, 8, reported);
    // Scored bars 1..8: the state changes at the first step (new to the engine) and at bars 3 and 6.
    expect(reported).toEqual([{ learned: 0 }, undefined, { learned: 1 }, undefined, undefined, { learned: 2 }, undefined, undefined]);
    // Steps 7 and 8 put no state in: the store still holds bar 6's, which a restart takes up.
    const again = new SlowLearner('slow v1');
    const after: unknown[] = [];
    const resumed = await run(again, 1, after);
    expect(resumed.scorerStateRestored).toEqual(['SOL/USD']);
    expect(after).toEqual([{ learned: 2 }]);
  });
});
