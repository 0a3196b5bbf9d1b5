import { reportRun, runIdOf, type ReportedRun } from '../backtest/backtestRun.js';
import type { WalkForwardComparison } from '../backtest/walkForwardComparison.js';
import type { Config } from '../config/schema.js';
import { poolOf } from '../ensemble/ensembleArtifact.js';
import type { Logger } from '../internal/logger.js';
import type { TuneMethod } from '../models/tuning/tune.js';
import type { HomePaths } from '../runtime/home.js';
import type { Store } from '../store/store.js';
import { loadPool } from './poolData.js';
import { productionCheck } from './productionCheck.js';
import { changeProduction } from './productionChange.js';
import { promotionDecision, type PromotionDecision } from './promotion.js';
import { saveCandidate } from './saveCandidate.js';
import { foldWindows, walkForward } from './walkForward.js';
import { isoDay, pipelineSettings } from './settings.js';
import type { InferenceRuntime } from '../models/inference/inferenceRuntime.js';

export interface OptimizeOptions {
  readonly config: Config;
  readonly store: Store;
  readonly home: HomePaths;
  readonly logger: Logger;
  readonly backend: string;
  /** Runs the member models (chosen once at start-up). */
  readonly runtime: InferenceRuntime;
  readonly quick: boolean;
  readonly interactive: boolean;
  /** Wall clock: versions and reports record when they were made. */
  readonly now: () => number;
  readonly signal?: AbortSignal;
  readonly tune?: { readonly method: TuneMethod; readonly budget: number };
  /** Train on bars before this time only (a retrain in a replay never reads the replay's future). */
  readonly to?: number;
  /** Who or what asked for this run, recorded with any change of production (default `bot optimize`). */
  readonly trigger?: string;
}

export interface FoldSummary {
  readonly from: string;
  readonly to: string;
  readonly horizonBars: number;
  readonly horizonReason: string;
  readonly method: string;
  readonly calibration: string;
  readonly entryThreshold: number;
  readonly trainSamples: number;
  readonly validationSamples: number;
}

export interface OptimizeOutcome {
  readonly pool: readonly string[];
  readonly candidate: {
    readonly id: string;
    readonly members: readonly string[];
    readonly horizonBars: number;
    readonly method: string;
    readonly calibration: string;
    readonly minConfidence: number;
  };
  readonly folds: readonly FoldSummary[];
  readonly walkForward: WalkForwardComparison;
  readonly production?: { readonly version: string; readonly comparison?: WalkForwardComparison; readonly notJudged?: string };
  readonly report: ReportedRun;
  readonly promotion: PromotionDecision;
}

/**
 * `bot optimize`: one pool of assets trained together. A walk-forward over the last folds of the stored
 * history (each fold retrained on everything before it, purged and embargoed), traded through the engine
 * beside the rule-based strategy; the last fold's ensemble is the candidate, saved as staging; it becomes
 * production for every asset of the pool only when the walk-forward supports it (promotion.ts).
 */
export async function optimizePool(o: OptimizeOptions): Promise<OptimizeOutcome> {
  const { config, store } = o;
  const s = pipelineSettings(config, o.quick);
  const pool = poolOf(config.assets);
  const data = loadPool(store, config, s, pool, o.logger, o.to);
  const windows = foldWindows(data.end, s.folds, s.foldMs);
  const runId = runIdOf(o.now(), pool, true);
  const wf = await walkForward({
    config,
    store,
    data,
    windows,
    settings: s,
    logger: o.logger,
    interactive: o.interactive,
    runId,
    runtime: o.runtime,
    now: o.now(),
    ...(o.signal && { signal: o.signal }),
    ...(o.tune && { tune: o.tune }),
  });
  const last = wf.folds[wf.folds.length - 1]!;
  try {
    const comparison = wf.comparison;
    const metrics: Record<string, number | null> = {
      ...last.validation,
      'walkForward.sharpe': comparison.candidate.sharpe,
      'walkForward.ruleSharpe': comparison.rule.sharpe,
      'walkForward.sharpeDifference': comparison.difference.difference,
      'walkForward.sharpeDifferenceLow': comparison.difference.low,
      'walkForward.sharpeDifferenceHigh': comparison.difference.high,
      'walkForward.trades': comparison.candidate.trades,
      'walkForward.fees': comparison.candidate.fees,
      'walkForward.ece': comparison.calibration?.ece ?? null,
    };
    const saved = await saveCandidate(data, last, wf.predictions[wf.predictions.length - 1]!, s, {
      store,
      modelsDir: o.home.modelsDir,
      logger: o.logger,
      backend: o.backend,
      now: o.now,
      timeframe: config.timeframe,
      metrics,
      strategy: config.strategy,
    });
    const production = await productionCheck({
      config,
      store,
      modelsDir: o.home.modelsDir,
      logger: o.logger,
      pool,
      windows,
      predictions: wf.predictions,
      settings: s,
      runId,
      runtime: o.runtime,
    });
    const promotion = promotionDecision({
      rule: comparison.difference,
      trades: comparison.candidate.trades,
      minTrades: config.optimize.minTrades,
      ...(production && {
        production:
          'comparison' in production ? { version: production.version, judged: production.comparison.difference, folds: production.folds } : production,
      }),
    });
    const time = o.now();
    // The candidate's rows and what became of it, in one transaction: a crash leaves all or nothing.
    if (promotion.promote) {
      changeProduction(store, o.home.modelsDir, {
        modelId: saved.id,
        assets: pool,
        action: 'promote',
        trigger: o.trigger ?? 'bot optimize',
        reason: promotion.reason,
        time,
        alongside: saved.register,
      });
    } else {
      store.transaction(() => {
        saved.register();
        store.models.setStatus(saved.id, 'staging', time, promotion.reason);
      });
    }
    o.logger.info(promotion.promote ? 'promoted to production' : 'not promoted', { candidate: saved.id, reason: promotion.reason });
    const report = await reportRun(wf.candidate, o.home.backtestResultsDir, o.now());
    return {
      pool,
      candidate: {
        id: saved.id,
        members: saved.memberIds,
        horizonBars: last.horizon.horizonBars,
        method: last.spec.method.kind,
        calibration: last.spec.calibration.kind,
        minConfidence: last.entry.threshold,
      },
      folds: wf.folds.map((f) => ({
        from: isoDay(f.window.from),
        to: isoDay(f.window.to),
        horizonBars: f.horizon.horizonBars,
        horizonReason: f.horizon.reason,
        method: f.spec.method.kind,
        calibration: f.spec.calibration.kind,
        entryThreshold: f.entry.threshold,
        trainSamples: f.dataset.train.ends.length,
        validationSamples: f.dataset.validation.ends.length,
      })),
      walkForward: comparison,
      ...(production && { production: 'comparison' in production ? { version: production.version, comparison: production.comparison } : production }),
      report,
      promotion,
    };
  } finally {
    for (const m of last.members) m.model.dispose();
  }
}
