import { describe, expect, it } from 'vitest';
import { FatalError, RetryableError } from '../../src/internal/errors.js';
import { retryAtStartup, startupRetry, type StartupRetry } from '../../src/runtime/startupRetry.js';

/** A start-up retry on a simulated clock: pauses move it instead of taking time. */
function simulated(budgetSeconds: number): { retry: StartupRetry; pauses: number[] } {
  let now = 0;
  const pauses: number[] = [];
  const retry: StartupRetry = {
    ...startupRetry(budgetSeconds),
    monotonic: () => now,
    sleep: async (ms) => {
      pauses.push(ms);
      now += ms;
    },
  };
  return { retry, pauses };
}

const down = () => Promise.reject(new RetryableError('kraken unavailable', { hint: 'check the network' }));

describe('start-up retries within --retry-budget', () => {
  it('keeps trying for the whole budget, the pause doubling up to a ceiling, then says how long it tried', async () => {
    const { retry, pauses } = simulated(60);
    const err = await retryAtStartup('connecting', down, retry).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetryableError);
    expect((err as RetryableError).message).toMatch(/^kraken unavailable \(connecting: \d+ attempts in 60\.0 s, the retry budget is 60 s\)$/);
    expect((err as RetryableError).hint).toBe('check the network');
    expect(pauses.slice(0, 6)).toEqual([250, 500, 1000, 2000, 4000, 8000]);
    expect(Math.max(...pauses)).toBe(15_000);
    expect(pauses.reduce((a, b) => a + b, 0)).toBe(60_000);
  });

  it('succeeds once the exchange is back within the budget', async () => {
    const { retry, pauses } = simulated(900);
    let calls = 0;
    const value = await retryAtStartup('connecting', () => (++calls < 8 ? down() : Promise.resolve('markets')), retry);
    expect(value).toBe('markets');
    expect(pauses).toHaveLength(7);
  });

  it('a budget of 0 tries once; what cannot be fixed by waiting is never retried', async () => {
    const none = simulated(0);
    await expect(retryAtStartup('connecting', down, none.retry)).rejects.toThrow(/^kraken unavailable$/);
    expect(none.pauses).toEqual([]);
    const fatal = simulated(900);
    await expect(retryAtStartup('connecting', () => Promise.reject(new FatalError('key refused')), fatal.retry)).rejects.toBeInstanceOf(FatalError);
    expect(fatal.pauses).toEqual([]);
  });
});
