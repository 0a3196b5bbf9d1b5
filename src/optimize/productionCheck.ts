import { scoredByOf } from '../backtest/backtestRun.js';
import { runBacktest } from '../backtest/runBacktest.js';
import { compareRuns, type WalkForwardComparison } from '../backtest/walkForwardComparison.js';
import type { Config } from '../config/schema.js';
import { judgesStrategy, type EnsembleArtifact } from '../ensemble/ensembleArtifact.js';
import type { Logger } from '../internal/logger.js';
import { readProductionEnsemble } from '../runtime/ensemble/ensembleFiles.js';
import { productionScorers } from '../runtime/ensemble/productionScorers.js';
import type { Store } from '../store/store.js';
import { walkForwardScorers, type FoldPredictions } from './foldScorers.js';
import type { FoldWindow } from './trainFold.js';
import { isoDay, type PipelineSettings } from './settings.js';
import type { InferenceRuntime } from '../models/inference/inferenceRuntime.js';

export type ProductionCheck =
  | { readonly version: string; readonly comparison: WalkForwardComparison; readonly folds: number }
  | { readonly version: string; readonly notJudged: string };

export interface ProductionCheckOptions {
  readonly config: Config;
  readonly store: Store;
  readonly modelsDir: string;
  readonly logger: Logger;
  readonly pool: readonly string[];
  readonly windows: readonly FoldWindow[];
  readonly predictions: readonly FoldPredictions[];
  readonly settings: PipelineSettings;
  readonly runId: string;
  /** Runs the member models (chosen once at start-up). */
  readonly runtime: InferenceRuntime;
}

/**
 * The production ensembles of the pool's assets against the candidate, where that is fair: only on the
 * walk-forward folds that start after every production ensemble's training data ended (a model judged on
 * bars it was fitted on would look better than it is). Both are traded through the engine over those
 * folds, from the same start. Undefined when no asset of the pool has a production ensemble: then the
 * rule-based strategy is what trades, and the walk-forward already compared the candidate with it.
 */
export async function productionCheck(o: ProductionCheckOptions): Promise<ProductionCheck | undefined> {
  const artifacts = o.pool.map((a) => readProductionEnsemble(o.modelsDir, a)).filter((a): a is EnsembleArtifact => a !== undefined);
  if (artifacts.length === 0) return undefined;
  const version = [...new Set(artifacts.map((a) => a.version))].join('/');
  if (artifacts.some((a) => !judgesStrategy(a, o.config.strategy))) {
    return { version, notJudged: "it judges the trades of other strategy settings than the config's" };
  }
  const trainedThrough = Math.max(...artifacts.map((a) => Date.parse(a.trainedThrough)));
  const fair = o.windows.filter((w) => w.from >= trainedThrough + o.settings.embargoMs);
  if (fair.length === 0) {
    return {
      version,
      notJudged: `its training data reaches ${isoDay(trainedThrough)}, after the last fold started (${isoDay(o.windows[o.windows.length - 1]!.from)})`,
    };
  }
  const from = fair[0]!.from;
  const to = fair[fair.length - 1]!.to;
  const config = { ...o.config, assets: [...o.pool] };
  const prod = await productionScorers({
    config,
    store: o.store,
    modelsDir: o.modelsDir,
    logger: o.logger,
    mode: { kind: 'cached', from, to },
    runtime: o.runtime,
  });
  try {
    const production = await runBacktest({
      config,
      source: o.store,
      from,
      to,
      scorers: prod.scorers,
      modelVersions: scoredByOf(o.pool, prod.versions),
      runId: `${o.runId}-production`,
      logger: o.logger,
    });
    const candidate = await runBacktest({
      config,
      source: o.store,
      from,
      to,
      scorers: walkForwardScorers(o.predictions, o.pool, o.config.strategy, o.settings.barMs),
      runId: `${o.runId}-candidate`,
      logger: o.logger,
    });
    const comparison = compareRuns(candidate, production, fair, from, to, { ...o.config.optimize.interval, seed: o.settings.models.seed });
    return { version, comparison, folds: fair.length };
  } finally {
    prod.dispose();
  }
}
