import { errorPolicy } from '../../internal/errors.js';

export interface RetrySettings {
  /** Attempts in all (1 = no retry). */
  readonly attempts: number;
  /** Pause before the second attempt; doubled for each further one. */
  readonly baseDelayMs: number;
}

/**
 * Run a read-only exchange call, retrying what the error policy calls retryable with a doubling pause.
 * Never for an order call: a retried AddOrder could be booked twice.
 */
export async function withRetry<T>(call: () => Promise<T>, settings: RetrySettings, sleep: (ms: number) => Promise<void>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (attempt >= settings.attempts || errorPolicy(err) !== 'retry') throw err;
      await sleep(settings.baseDelayMs * 2 ** (attempt - 1));
    }
  }
}
