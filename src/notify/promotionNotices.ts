import type { NotifyConfig } from '../config/schema.js';
import type { Logger } from '../internal/logger.js';
import { notifierFromConfig } from './notifierFromConfig.js';

export interface Promoted {
  /** The pool: every asset of it trades with the promoted ensemble. */
  readonly assets: readonly string[];
  readonly candidate: string;
  readonly reason: string;
}

/** Tell people that `bot optimize` promoted an ensemble to production; waits at most one delivery timeout. */
export async function notifyPromotion(config: NotifyConfig, env: NodeJS.ProcessEnv, logger: Logger, p: Promoted): Promise<void> {
  const notifier = notifierFromConfig(config, env, logger);
  if (!notifier.wants('promotion')) return;
  notifier.notify({
    kind: 'promotion',
    time: Date.now(),
    text: `[bot] ${p.assets.join(', ')}: promoted ${p.candidate} to production (${p.reason})`,
    fields: { assets: p.assets, candidate: p.candidate, reason: p.reason },
  });
  await notifier.close(config.timeoutMs);
}
