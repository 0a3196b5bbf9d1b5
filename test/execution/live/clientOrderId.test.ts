import { describe, expect, test } from 'vitest';
import { exchangeClientId, isExchangeClientId } from '../../../src/execution/live/clientOrderId.js';
import { PrivateCallQueue } from '../../../src/data/kraken/privateCallQueue.js';

describe('exchangeClientId', () => {
  test('a UUID (version 5 layout) Kraken accepts, the same for the same engine id, different for another', () => {
    const id = exchangeClientId('e12-SOL-1704067200-o');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(isExchangeClientId(id)).toBe(true);
    expect(exchangeClientId('e12-SOL-1704067200-o')).toBe(id);
    expect(exchangeClientId('e12-SOL-1704067200-x')).not.toBe(id);
    expect(exchangeClientId('e13-SOL-1704067200-o')).not.toBe(id);
    expect(() => exchangeClientId('')).toThrow();
  });
});

describe('PrivateCallQueue', () => {
  test('runs calls one at a time in the order queued, a failure not blocking the next', async () => {
    const q = new PrivateCallQueue();
    const log: string[] = [];
    const call =
      (name: string, ms: number, fail = false) =>
      () =>
        new Promise<string>((resolve, reject) => {
          log.push(`start ${name}`);
          setTimeout(() => {
            log.push(`end ${name}`);
            if (fail) reject(new Error(name));
            else resolve(name);
          }, ms);
        });
    const results = await Promise.allSettled([q.run(call('a', 20)), q.run(call('b', 1, true)), q.run(call('c', 5))]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(q.depth).toBe(0);
  });
});
