import { RetryableError } from '../internal/errors.js';
import type { Logger } from '../internal/logger.js';
import { wallSleep } from './clocks.js';

export interface StartupRetry {
  /** How long a step may go on failing with a retryable error before start-up gives up (exit 75), ms. */
  readonly budgetMs: number;
  /** Pause before the second attempt, doubled for each further one up to `maxDelayMs`. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly logger?: Logger;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Monotonic ms for the budget; default performance.now. */
  readonly monotonic?: () => number;
}

/** Start-up retries within `--retry-budget` seconds: the budget the loop has for market data, from the first failure. */
export function startupRetry(budgetSeconds: number, logger?: Logger): StartupRetry {
  return { budgetMs: budgetSeconds * 1000, baseDelayMs: 250, maxDelayMs: 15_000, ...(logger && { logger }) };
}

/** For callers without a budget of their own (replays, tests): a couple of seconds. */
export const STARTUP_RETRY: StartupRetry = startupRetry(2);

/**
 * A read-only start-up step (connect, load markets, read the clock and history, reconcile), retried
 * while the exchange answers with something transient, with a doubling pause, until the budget is
 * spent; then the last error goes out (exit 75), saying how long it was tried. Only RetryableErrors are
 * retried. Never for anything that writes or sends an order.
 */
export async function retryAtStartup<T>(what: string, step: () => Promise<T>, r: StartupRetry = STARTUP_RETRY): Promise<T> {
  const sleep = r.sleep ?? ((ms: number) => wallSleep(ms));
  const now = r.monotonic ?? (() => performance.now());
  const started = now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (err) {
      if (!(err instanceof RetryableError)) throw err;
      const spent = now() - started;
      const left = r.budgetMs - spent;
      if (left <= 0) {
        if (attempt === 1) throw err;
        throw new RetryableError(
          `${err.message} (${what}: ${attempt} attempts in ${(spent / 1000).toFixed(1)} s, the retry budget is ${(r.budgetMs / 1000).toFixed(0)} s)`,
          {
            hint: err.hint ?? 'try again later; --retry-budget sets how long start-up keeps trying',
            cause: err,
          },
        );
      }
      const pause = Math.min(r.baseDelayMs * 2 ** (attempt - 1), r.maxDelayMs, left);
      r.logger?.warn(`${what} failed; retrying`, { error: err.message, attempt, retryInMs: Math.round(pause) });
      await sleep(pause);
    }
  }
}
