import type { StrategyConfig } from '../config/schema.js';
import fs from 'node:fs';
import path from 'node:path';
import { memberOfModelKind, type EnsembleMember } from '../ensemble/combine/members.js';
import { ensembleId, poolKey, type EnsembleArtifact } from '../ensemble/ensembleArtifact.js';
import { featureSetToJson } from '../features/index.js';
import type { Logger } from '../internal/logger.js';
import { modelDirectory } from '../models/persistence/layout.js';
import { modelMetaFor } from '../models/persistence/modelMetaFor.js';
import { saveModel } from '../models/persistence/saveModel.js';
import { classificationScores, returnScores } from '../models/pipeline/blockScores.js';
import { ensembleVersionFile, writeEnsembleVersion } from '../runtime/ensemble/ensembleFiles.js';
import type { Store } from '../store/store.js';
import { featureReferenceOf } from './featureReferenceOf.js';
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
 * The next version of (kind, pool) free both in the registry and on disk: a save killed after its files
 * were renamed into place, before its rows were committed, leaves a folder no registry row names; that
 * version number is never given again (its prediction cache rows, if any, would be another model's).
 */
function freeVersion(store: Store, kind: string, pool: string, dir: string): string {
  const used = fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => Number(/^v(\d+)(\.|$)/.exec(f)?.[1] ?? 0)) : [];
  const registry = Number(store.models.nextVersion(kind, pool).slice(1));
  return `v${Math.max(registry, Math.max(0, ...used) + 1)}`;
}

export interface SavedCandidate {
  readonly artifact: EnsembleArtifact;
  readonly id: string;
  readonly memberIds: string[];
  /**
   * The candidate's registry rows (staging) and its cached predictions: to be written in the transaction
   * that also records what became of it, so that a crash leaves either all of them or none.
   */
  readonly register: () => void;
}

/**
 * Save the last fold's models (models/<kind>/<pool>/<version>/) and its ensemble (models/ensemble/<pool>/
 * <version>.json), each folder and file renamed into place whole; the registry rows (staging) and the
 * members' walk-forward predictions for the prediction cache, under the saved ids, come back as
 * `register`: the candidate is the model the walk-forward traded with, so a later backtest of it reads
 * the very numbers the walk-forward used.
 */
export async function saveCandidate(
  data: PoolData,
  fold: FoldModel,
  predictions: FoldPredictions,
  s: PipelineSettings,
  o: SaveCandidateOptions,
): Promise<SavedCandidate> {
  const { store } = o;
  const pool = poolKey(data.pool);
  const d = fold.dataset;
  const ids: Partial<Record<EnsembleMember, string>> = {};
  const rows: (() => void)[] = [];
  for (const m of fold.members) {
    const version = freeVersion(store, m.kind, pool, path.dirname(modelDirectory(o.modelsDir, m.kind, pool, 'v0')));
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
        ranges: {
          train: blockRange(d.train),
          validation: blockRange(d.validation),
          test: { from: isoTime(fold.window.from), to: isoTime(fold.window.to), samples: 0 },
        },
        seed: s.models.seed,
        createdAt: isoTime(createdAt),
        model: m.model,
        training: m.result,
        options: m.options,
        metrics: finite(metrics),
      }),
    );
    const id = `${m.kind}/${path.basename(path.dirname(dir))}/${version}`;
    const name = memberOfModelKind(m.kind);
    ids[name] = id;
    o.logger.info('model saved', {
      id,
      epochs: m.result.epochsRun,
      bestEpoch: m.result.bestEpoch,
      validationAuc: metrics['validation.auc'],
      validationLogLoss: metrics['validation.logLoss'],
    });
    rows.push(() => {
      store.models.register({
        id,
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
      for (const [asset, byTime] of predictions.members) {
        const cached = [...byTime].flatMap(([barTime, p]) => (p[name] === undefined ? [] : [{ barTime, pUp: p[name] as number, expectedReturn: null }]));
        store.predictions.put({ modelId: id, runtime: predictions.runtime, symbol: asset, timeframe: o.timeframe }, cached);
      }
    });
  }
  const version = freeVersion(store, 'ensemble', pool, path.dirname(ensembleVersionFile(o.modelsDir, data.pool, 'v0')));
  const built = foldArtifact(data, fold, {
    version,
    createdAt: o.now(),
    memberIds: ids,
    strategy: o.strategy,
    roundTripCost: s.roundTripCost,
    metrics: o.metrics,
  });
  const artifact: EnsembleArtifact = { ...built, reference: featureReferenceOf(data, built.ranges.train.from, built.ranges.validation.to) };
  const file = writeEnsembleVersion(o.modelsDir, artifact);
  const id = ensembleId(artifact);
  const createdAt = o.now();
  rows.push(() =>
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
      createdAt,
    }),
  );
  return { artifact, id, memberIds: Object.values(ids), register: () => rows.forEach((r) => r()) };
}
