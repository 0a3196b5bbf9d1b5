import { describe, expect, it } from 'vitest';
import type { Bar } from '../../src/domain/bar.js';
import type { FeedUpdate, MarketFeed } from '../../src/domain/ports.js';
import { ClockSyncedFeed, ExchangeClock } from '../../src/runtime/exchangeClock.js';

describe('the live clock: the wall clock, kept in line with the exchange', () => {
  it('trusts a local clock within the tolerance, and takes the exchange time beyond it', async () => {
    let wall = Date.parse('2026-01-01T00:00:00Z');
    const near = new ExchangeClock({ serverTime: async () => wall + 2_000, wall: () => wall, resolutionMs: 0 });
    await near.sync();
    expect(near.offsetMs).toBe(0);
    expect(near.now()).toBe(wall);

    // The exchange says it is 2024 (an emulator, or a very wrong local clock): its time wins.
    const server = Date.parse('2024-03-04T10:00:00Z');
    const far = new ExchangeClock({ serverTime: async () => server, wall: () => wall, resolutionMs: 0 });
    await far.sync();
    expect(far.now()).toBe(server);
    wall += 1_000;
    expect(far.now()).toBe(server + 1_000);
  });

  it('never goes back, and a failed reading keeps the last offset', async () => {
    let wall = 1_000_000;
    let server = 5_000_000;
    let fail = false;
    const clock = new ExchangeClock({
      serverTime: async () => (fail ? Promise.reject(new Error('down')) : server),
      wall: () => wall,
      resolutionMs: 0,
      toleranceMs: 0,
    });
    await clock.sync();
    expect(clock.now()).toBe(5_000_000);
    server = 4_000_000;
    await clock.sync();
    expect(clock.now()).toBe(5_000_000);
    wall += 2_000_000;
    fail = true;
    expect(await clock.trySync()).toBe(false);
    expect(clock.now()).toBe(6_000_000);
    await expect(clock.sync()).rejects.toThrow('down');
  });

  it('syncs before each poll of the feed it wraps', async () => {
    let server = 7_000_000_000_000;
    const seen: number[] = [];
    const clock = new ExchangeClock({ serverTime: async () => server, wall: () => 0, resolutionMs: 0 });
    const inner: MarketFeed = {
      kind: 'exchange',
      history: async (): Promise<Bar[]> => [],
      poll: async (): Promise<FeedUpdate> => {
        seen.push(clock.now());
        return { time: clock.now(), bars: new Map() };
      },
    };
    const feed = new ClockSyncedFeed(inner, clock);
    await feed.poll();
    server += 3_600_000;
    await feed.poll();
    expect(seen).toEqual([7_000_000_000_000, 7_000_003_600_000]);
  });
});
