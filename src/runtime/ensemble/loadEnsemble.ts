import path from 'node:path';
import { EnsembleCombiner } from '../../ensemble/combine/ensembleCombiner.js';
import type { EnsembleMember } from '../../ensemble/combine/members.js';
import type { EnsembleArtifact } from '../../ensemble/ensembleArtifact.js';
import { featureSetFromJson, parseNormalizerParams, type FeatureSet, type NormalizerParams } from '../../features/index.js';
import { FatalError, UserError } from '../../internal/errors.js';
import { loadModel } from '../../models/persistence/loadModel.js';
import { Predictor } from '../../models/predictor.js';
import type { Store } from '../../store/store.js';

/** A production ensemble with its member models loaded: what the daemon and the backtest score with. */
export interface LoadedEnsemble {
  readonly artifact: EnsembleArtifact;
  /** Model members only; the 'rule' member is the rule-based strategy's base rate, in the artifact. */
  readonly predictors: ReadonlyMap<EnsembleMember, Predictor>;
  readonly modelIds: ReadonlyMap<EnsembleMember, string>;
  readonly featureSet: FeatureSet;
  readonly normalizer: NormalizerParams;
  readonly windowLength: number;
  readonly combiner: EnsembleCombiner;
  dispose(): void;
}

/**
 * Load every member model of an ensemble (refusing any trained on another feature schema) and its shared
 * feature pipeline. All members of one ensemble were trained on one dataset: one feature set, one
 * normaliser, one window length.
 */
export async function loadEnsemble(modelsDir: string, store: Store, artifact: EnsembleArtifact): Promise<LoadedEnsemble> {
  const predictors = new Map<EnsembleMember, Predictor>();
  const modelIds = new Map<EnsembleMember, string>();
  let pipeline: { featureSet: FeatureSet; normalizer: NormalizerParams; windowLength: number } | undefined;
  try {
    for (const [member, id] of Object.entries(artifact.members) as [EnsembleMember, string][]) {
      if (member === 'rule') continue;
      const version = store.models.get(id);
      if (!version) throw new UserError(`ensemble ${artifact.version} names model ${id}, which is not registered`, { hint: 'run bot optimize again' });
      const loaded = await loadModel(path.join(modelsDir, version.path), artifact.featureSchemaHash);
      const n = loaded.meta.normalisation as { featureSet?: unknown; normalizer?: unknown };
      if (!pipeline) {
        pipeline = {
          featureSet: featureSetFromJson(n.featureSet, `${id} meta.json normalisation.featureSet`),
          normalizer: parseNormalizerParams(n.normalizer, `${id} meta.json normalisation.normalizer`),
          windowLength: loaded.meta.windowLength,
        };
      } else if (loaded.meta.windowLength !== pipeline.windowLength) {
        throw new FatalError(`ensemble ${artifact.version}: member ${id} takes windows of ${loaded.meta.windowLength}, others ${pipeline.windowLength}`);
      }
      predictors.set(member, Predictor.fromLoaded(loaded));
      modelIds.set(member, id);
    }
  } catch (err) {
    for (const p of predictors.values()) p.dispose();
    throw err;
  }
  if (!pipeline) throw new UserError(`ensemble ${artifact.version} has no model members`, { hint: 'run bot optimize again' });
  return {
    artifact,
    predictors,
    modelIds,
    ...pipeline,
    combiner: new EnsembleCombiner(artifact.spec),
    dispose: () => {
      for (const p of predictors.values()) p.dispose();
    },
  };
}
