import { describe, expect, it } from 'vitest';
import type { Bar } from '../../src/domain/bar.js';
import { MemoryCandles } from '../../src/data/memoryCandles.js';
import { ReplayFeed } from '../../src/data/replayFeed.js';
import { Store } from '../../src/store/store.js';

const H = 3_600_000;
const bar = (i: number): Bar => ({ time: i * H, open: 100 + i, high: 101 + i, low: 99 + i, close: 100.5 + i, volume: i });

describe('MemoryCandles', () => {
  // A series with a gap (bars 20..24 missing), in a real SQLite store beside the same bars in memory.
  const bars = Array.from({ length: 60 }, (_, i) => i)
    .filter((i) => i < 20 || i >= 25)
    .map(bar);
  const store = Store.open(':memory:');
  store.candles.upsert('SOL/USD', '1h', bars);
  const memory = new MemoryCandles('1h', new Map([['SOL/USD', bars]]));

  it('answers range, before, after and summary as the store does, at every edge', () => {
    const times = [-1, 0, 1, 5 * H, 5 * H + 1, 19 * H, 20 * H, 22 * H, 25 * H, 59 * H, 60 * H, Number.MAX_SAFE_INTEGER];
    for (const a of times) {
      expect(memory.before('SOL/USD', '1h', a, 7)).toEqual(store.candles.before('SOL/USD', '1h', a, 7));
      expect(memory.after('SOL/USD', '1h', a, 7)).toEqual(store.candles.after('SOL/USD', '1h', a, 7));
      for (const b of times) expect(memory.range('SOL/USD', '1h', a, b)).toEqual(store.candles.range('SOL/USD', '1h', a, b));
    }
    expect(memory.summary('SOL/USD', '1h')).toEqual(store.candles.summary('SOL/USD', '1h'));
    expect(memory.summary('ETH/USD', '1h')).toEqual(store.candles.summary('ETH/USD', '1h'));
    expect(memory.range('SOL/USD', '4h')).toEqual([]);
  });

  it('plays the same replay as the store', async () => {
    const play = async (feed: ReplayFeed) => {
      const out: number[] = [];
      for (let u = await feed.poll(); u !== 'end'; u = await feed.poll()) out.push(u.time, ...[...u.bars.values()].flat().map((b) => b.close));
      return out;
    };
    const from = new Map([['SOL/USD', 3 * H]]);
    expect(await play(new ReplayFeed(memory, ['SOL/USD'], '1h', from, 50 * H))).toEqual(
      await play(new ReplayFeed(store.candles, ['SOL/USD'], '1h', from, 50 * H)),
    );
  });
});
