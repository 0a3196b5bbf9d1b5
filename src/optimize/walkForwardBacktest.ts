import { reportRun, runIdOf, type ReportedRun } from '../backtest/backtestRun.js';
import type { WalkForwardComparison } from '../backtest/walkForwardComparison.js';
import type { Config } from '../config/schema.js';
import { poolOf } from '../ensemble/ensembleArtifact.js';
import type { Logger } from '../internal/logger.js';
import type { Store } from '../store/store.js';
import { loadPool } from './poolData.js';
import { pipelineSettings } from './settings.js';
import { splitWindows, walkForward } from './walkForward.js';
import type { InferenceRuntime } from '../models/inference/inferenceRuntime.js';

export interface WalkForwardBacktestOptions {
  readonly config: Config;
  readonly store: Store;
  readonly resultsDir: string;
  readonly from: number;
  readonly to: number;
  /** Folds over [from, to); the config's optimize.folds when absent. */
  readonly folds?: number;
  readonly quick: boolean;
  readonly interactive: boolean;
  readonly logger: Logger;
  readonly now: () => number;
  readonly signal?: AbortSignal;
  /** Runs the member models (chosen once at start-up). */
  readonly runtime: InferenceRuntime;
}

export interface WalkForwardBacktestResult extends ReportedRun {
  readonly comparison: WalkForwardComparison;
  readonly scoredBy: Record<string, string>;
}

/**
 * `bot backtest --walk-forward`: [from, to) cut into folds, the models retrained for each on everything
 * before it (as `optimize` does), traded through the engine beside the rule-based strategy on the same
 * bars. Nothing is saved but the report: these models judge the method, they do not trade.
 */
export async function walkForwardBacktest(o: WalkForwardBacktestOptions): Promise<WalkForwardBacktestResult> {
  const s = pipelineSettings(o.config, o.quick);
  const pool = poolOf(o.config.assets);
  const data = loadPool(o.store, o.config, s, pool, o.logger);
  const windows = splitWindows(o.from, Math.min(o.to, data.end), o.folds ?? s.folds);
  const wf = await walkForward({
    config: o.config,
    store: o.store,
    data,
    windows,
    settings: s,
    logger: o.logger,
    interactive: o.interactive,
    runId: runIdOf(o.now(), pool, true),
    runtime: o.runtime,
    now: o.now(),
    ...(o.signal && { signal: o.signal }),
  });
  for (const m of wf.folds[wf.folds.length - 1]!.members) m.model.dispose();
  const report = await reportRun(wf.candidate, o.resultsDir, o.now());
  return { ...report, comparison: wf.comparison, scoredBy: { ...wf.candidate.modelVersions } };
}
