import type { StrategyConfig } from '../config/schema.js';
import path from 'node:path';
import { memberOfModelKind, type EnsembleMember } from '../ensemble/combine/members.js';
import { poolKey, type EnsembleArtifact } from '../ensemble/ensembleArtifact.js';
import { featureSetToJson } from '../features/index.js';
import type { Logger } from '../internal/logger.js';
import { modelDirectory } from '../models/persistence/layout.js';
import { modelMetaFor } from '../models/persistence/modelMetaFor.js';
import { saveModel } from '../models/persistence/saveModel.js';
import { classificationScores, returnScores } from '../models/pipeline/blockScores.js';
import { writeEnsembleVersion } from '../runtime/ensemble/ensembleFiles.js';
import type { Store } from '../store/store.js';
import { blockRange, foldArtifact } from './foldArtifact.js';
import type { FoldPredictions } from './foldScorers.js';
import type { PoolData } from './poolData.js';
import type { FoldModel } from './trainFold.js';
import { isoTime, type PipelineSettings } from './settings.js';

export interface SaveCandidateOptions {
  readonly store: Store;
  readonly modelsDir: string;
  readonly logger: Logger;
  readonly backend: string;
  readonly now: () => number;
  readonly timeframe: string;
  readonly metrics: Readonly<Record<string, number | null>>;
  readonly strategy: StrategyConfig;
}

const finite = (s: Record<string, number>) => Object.fromEntries(Object.entries(s).filter(([, v]) => Number.isFinite(v)));

/**
 * Save the last fold's models (models/<kind>/<pool>/<version>/) and its ensemble (models/ensemble/<pool>/
 * <version>.json), register them as staging, and put the members' walk-forward predictions into the
 * prediction cache under the saved ids: the candidate is the model the walk-forward traded with, so a
 * later backtest of it reads the very numbers the walk-forward used.
 */
export async function saveCandidate(data: PoolData, fold: FoldModel, predictions: FoldPredictions, s: PipelineSettings, o: SaveCandidateOptions): Promise<{ artifact: EnsembleArtifact; id: string; memberIds: string[] }> {
  const { store } = o;
  const pool = poolKey(data.pool);
  const d = fold.dataset;
  const ids: Partial<Record<EnsembleMember, string>> = {};
  for (const m of fold.members) {
    const version = store.models.nextVersion(m.kind, pool);
    const dir = modelDirectory(o.modelsDir, m.kind, pool, version);
    const metrics = {
      ...classificationScores('validation', m.validation.pUp, d.validation.labels),
      ...(m.validation.expectedReturn ? returnScores('validation', m.validation.expectedReturn, d.validation.returns) : {}),
    };
    const createdAt = o.now();
    await saveModel(
      dir,
      m.model,
      modelMetaFor({
        kind: m.kind,
        spec: m.spec,
        asset: pool,
        version,
        featureSchemaHash: data.series.featureSchemaHash,
        featureNames: [...data.series.featureSet.columns],
        normalisation: {
          featureSet: featureSetToJson(data.series.featureSet),
          normalizer: d.normalizer,
          horizonBars: fold.horizon.horizonBars,
          roundTripCost: s.roundTripCost,
          pool: [...data.pool],
        },
        ranges: { train: blockRange(d.train), validation: blockRange(d.validation), test: { from: isoTime(fold.window.from), to: isoTime(fold.window.to), samples: 0 } },
        seed: s.models.seed,
        createdAt: isoTime(createdAt),
        model: m.model,
        training: m.result,
        options: m.options,
        metrics: finite(metrics),
      }),
    );
    const registered = store.models.register({
      id: `${m.kind}/${path.basename(path.dirname(dir))}/${version}`,
      kind: m.kind,
      asset: pool,
      version,
      path: path.relative(o.modelsDir, dir),
      status: 'staging',
      featureSchemaHash: data.series.featureSchemaHash,
      backend: m.result.backend,
      seed: s.models.seed,
      metrics: Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, Number.isFinite(v) ? v : null])),
      createdAt,
    });
    ids[memberOfModelKind(m.kind)] = registered.id;
    o.logger.info('model saved', { id: registered.id, epochs: m.result.epochsRun, bestEpoch: m.result.bestEpoch, validationAuc: metrics['validation.auc'], validationLogLoss: metrics['validation.logLoss'] });
    for (const [asset, byTime] of predictions.members) {
      const name = memberOfModelKind(m.kind);
      const rows = [...byTime].flatMap(([barTime, p]) => (p[name] === undefined ? [] : [{ barTime, pUp: p[name] as number, expectedReturn: null }]));
      store.predictions.put(registered.id, asset, o.timeframe, rows);
    }
  }
  const version = store.models.nextVersion('ensemble', pool);
  const artifact = foldArtifact(data, fold, { version, createdAt: o.now(), memberIds: ids, strategy: o.strategy, roundTripCost: s.roundTripCost, metrics: o.metrics });
  const file = writeEnsembleVersion(o.modelsDir, artifact);
  const id = `ensemble/${path.basename(path.dirname(file))}/${version}`;
  store.models.register({
    id,
    kind: 'ensemble',
    asset: pool,
    version,
    path: path.relative(o.modelsDir, file),
    status: 'staging',
    featureSchemaHash: artifact.featureSchemaHash,
    backend: o.backend,
    seed: s.models.seed,
    metrics: artifact.metrics,
    createdAt: o.now(),
  });
  return { artifact, id, memberIds: Object.values(ids) };
}
