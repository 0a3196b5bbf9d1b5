import path from 'node:path';
import { backtestAndReport, type BacktestRunResult } from '../../backtest/backtestRun.js';
import type { Config } from '../../config/schema.js';
import type { EnsembleMember } from '../../ensemble/combine/members.js';
import type { EnsembleArtifact } from '../../ensemble/ensembleArtifact.js';
import { promotionDecision, type PromotionDecision } from '../../ensemble/promotion.js';
import { timeframeMs } from '../../domain/timeframe.js';
import type { Logger } from '../../internal/logger.js';
import { logLoss } from '../../models/evaluation/classification.js';
import type { HomePaths } from '../home.js';
import type { Store } from '../../store/store.js';
import { readProductionEnsemble, writeEnsembleVersion, writeProductionEnsemble } from '../ensemble/ensembleFiles.js';
import { loadEnsemble } from '../ensemble/loadEnsemble.js';
import { memberPredictions } from '../ensemble/memberPredictions.js';
import { buildEnsemble, type BuiltEnsemble } from './buildEnsemble.js';
import type { TuneMethod } from '../../models/tuning/tune.js';
import { modelSettings, saveMembers, trainAssetMembers, type AssetTraining } from './trainAsset.js';

export interface OptimizeAssetOptions {
  readonly config: Config;
  readonly store: Store;
  readonly home: HomePaths;
  readonly logger: Logger;
  readonly backend: string;
  readonly quick: boolean;
  readonly interactive: boolean;
  readonly now: () => number;
  readonly signal?: AbortSignal;
  readonly tune?: { readonly method: TuneMethod; readonly budget: number };
}

export interface OptimizeOutcome {
  readonly asset: string;
  readonly members: { id: string; metrics: Readonly<Record<string, number | null>> }[];
  readonly ensemble: { id: string; method: string; minConfidence: number; metrics: EnsembleArtifact['metrics'] };
  readonly backtest: BacktestRunResult;
  readonly promotion: PromotionDecision;
}

/** Log loss of the production ensemble on the candidate's test block, and whether it saw that block. */
async function productionOnTestBlock(o: OptimizeAssetOptions, t: AssetTraining, built: BuiltEnsemble, prod: EnsembleArtifact) {
  const sawTestBlock = Date.parse(prod.ranges.validation.to) >= Date.parse(built.artifact.ranges.test.from);
  const e = await loadEnsemble(o.home.modelsDir, o.store, prod);
  try {
    const d = t.dataset;
    const predictions = memberPredictions(e, t.asset, t.bars, t.lead, d.test.ends);
    const p = Float64Array.from(d.test.ends, (_, i) => {
      const probabilities: Partial<Record<EnsembleMember, number>> = {};
      for (const [m, pred] of predictions) probabilities[m] = pred.pUp[i] as number;
      if ('fallback' in prod.members) probabilities.fallback = t.fallback.test[i] as number;
      return e.combiner.combine({ regime: built.testRegimes[i] ?? 'ranging', probabilities }).probability ?? Number.NaN;
    });
    return { version: prod.version, logLoss: logLoss(p, d.test.labels), sawTestBlock };
  } finally {
    e.dispose();
  }
}

/**
 * The whole pipeline for one asset: data and features, every model kind trained and saved, the ensemble
 * (weights, stacking, calibration, entry threshold) fitted on validation, a walk-forward backtest with
 * its report, and then train -> compare -> promote: the new ensemble becomes production only if it beats
 * the current one on the same test block.
 */
export async function optimizeAsset(asset: string, o: OptimizeAssetOptions): Promise<OptimizeOutcome> {
  const { config, store } = o;
  const settings = modelSettings(config, o.quick);
  const trained = await trainAssetMembers(asset, o);
  const saved = await saveMembers(trained, { store, modelsDir: o.home.modelsDir, logger: o.logger, now: o.now }, settings);
  for (const m of saved.members) m.member.model.dispose();

  const barMs = timeframeMs(config.timeframe);
  const version = store.models.nextVersion('ensemble', asset);
  const built = buildEnsemble(saved, {
    version,
    createdAt: o.now(),
    barMs,
    roundTripCost: 2 * (config.fees.taker + config.slippageBps / 1e4),
  });
  const file = writeEnsembleVersion(o.home.modelsDir, built.artifact);
  const id = `ensemble/${path.basename(path.dirname(file))}/${version}`;
  store.models.register({
    id,
    kind: 'ensemble',
    asset,
    version,
    path: path.relative(o.home.modelsDir, file),
    status: 'staging',
    featureSchemaHash: built.artifact.featureSchemaHash,
    backend: o.backend,
    seed: settings.seed,
    metrics: built.artifact.metrics,
    createdAt: o.now(),
  });
  o.logger.info('ensemble fitted', {
    id,
    method: built.artifact.spec.method.kind,
    calibration: built.artifact.spec.calibration.kind,
    minConfidence: built.artifact.minConfidence,
    testLogLoss: built.artifact.metrics['test.logLoss'],
    testAuc: built.artifact.metrics['test.auc'],
  });

  // The walk-forward backtest ends with the candidate's own test block; earlier folds retrain on earlier data.
  const test = built.artifact.ranges.test;
  const testTo = Date.parse(test.to) + barMs;
  const testFrom = Date.parse(test.from);
  const folds = config.optimize.walkForwardFolds;
  const backtest = await backtestAndReport({
    config: { ...config, assets: [asset] },
    store,
    modelsDir: o.home.modelsDir,
    resultsDir: o.home.backtestResultsDir,
    from: testTo - folds * (testTo - testFrom),
    to: testTo,
    walkForward: { folds, quick: o.quick, backend: o.backend, interactive: o.interactive },
    logger: o.logger,
    now: o.now,
    ...(o.signal && { signal: o.signal }),
  });

  const prod = readProductionEnsemble(o.home.modelsDir, asset);
  const production = prod ? await productionOnTestBlock(o, saved, built, prod) : undefined;
  const promotion = promotionDecision({
    candidateLogLoss: built.artifact.metrics['test.logLoss'] ?? Number.NaN,
    baselineLogLoss: saved.baselines['baseline.majority.test.logLoss'] ?? Number.NaN,
    ...(production && { production }),
  });
  const time = o.now();
  if (promotion.promote) {
    store.transaction(() => {
      store.models.promote(id, time, promotion.reason);
      for (const m of saved.members) if (m.version) store.models.promote(m.version.id, time, `member of ${id}`);
    });
    writeProductionEnsemble(o.home.modelsDir, built.artifact);
  } else {
    store.models.setStatus(id, 'staging', time, promotion.reason);
  }
  o.logger.info(promotion.promote ? 'promoted to production' : 'kept the production ensemble', { asset, candidate: id, reason: promotion.reason });
  return {
    asset,
    members: saved.members.map((m) => ({ id: m.version?.id ?? m.kind, metrics: m.version?.metrics ?? {} })),
    ensemble: { id, method: built.artifact.spec.method.kind, minConfidence: built.artifact.minConfidence, metrics: built.artifact.metrics },
    backtest,
    promotion,
  };
}
