import { errorMessage } from '../internal/errors.js';
import type { Logger } from '../internal/logger.js';

/** Housekeeping after a saved iteration: a failure is worth a warning, not a stopped daemon. */
export function pruneOldDecisions(prune: (now: number) => number, now: number, logger: Logger): void {
  try {
    const pruned = prune(now);
    if (pruned > 0) logger.debug('pruned old decisions', { pruned });
  } catch (err) {
    logger.warn('could not prune old decisions', { error: errorMessage(err) });
  }
}
