import type { NotifyConfig } from '../config/schema.js';
import type { Logger } from '../internal/logger.js';
import { notifierFromConfig } from './notifierFromConfig.js';

export interface Promoted {
  readonly asset: string;
  readonly candidate: string;
  readonly reason: string;
}

/** Tell people which ensembles `bot optimize` promoted to production; waits at most one delivery timeout. */
export async function notifyPromotions(config: NotifyConfig, env: NodeJS.ProcessEnv, logger: Logger, promoted: readonly Promoted[]): Promise<void> {
  const notifier = notifierFromConfig(config, env, logger);
  if (!notifier.wants('promotion') || promoted.length === 0) return;
  for (const p of promoted) {
    notifier.notify({ kind: 'promotion', time: Date.now(), text: `[bot] ${p.asset}: promoted ${p.candidate} to production (${p.reason})`, fields: { ...p } });
  }
  await notifier.close(config.timeoutMs);
}
