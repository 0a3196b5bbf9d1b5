import { RetryableError } from '../internal/errors.js';
import type { Logger } from '../internal/logger.js';
import { wallSleep } from './clocks.js';

export interface StartupRetry {
  /** Attempts in all. */
  readonly attempts: number;
  /** Pause before the second attempt, doubled for each further one. */
  readonly baseDelayMs: number;
  readonly logger?: Logger;
  readonly sleep?: (ms: number) => Promise<void>;
}

export const STARTUP_RETRY: StartupRetry = { attempts: 4, baseDelayMs: 250 };

/**
 * A read-only start-up step (connect, load markets, read history), retried while the exchange answers
 * with something transient. Only RetryableErrors are retried; the last one goes out (exit 75). Never
 * for anything that writes or sends an order.
 */
export async function retryAtStartup<T>(what: string, step: () => Promise<T>, r: StartupRetry = STARTUP_RETRY): Promise<T> {
  const sleep = r.sleep ?? ((ms: number) => wallSleep(ms));
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (err) {
      if (!(err instanceof RetryableError) || attempt >= r.attempts) throw err;
      const pause = r.baseDelayMs * 2 ** (attempt - 1);
      r.logger?.warn(`${what} failed; retrying`, { error: err.message, attempt, retryInMs: pause });
      await sleep(pause);
    }
  }
}
