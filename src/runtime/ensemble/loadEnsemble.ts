import path from 'node:path';
import { EnsembleCombiner } from '../../ensemble/combine/ensembleCombiner.js';
import type { EnsembleMember } from '../../ensemble/combine/members.js';
import type { EnsembleArtifact } from '../../ensemble/ensembleArtifact.js';
import { featureSetFromJson, parseNormalizerParams, type FeatureSet, type NormalizerParams } from '../../features/index.js';
import { FatalError, UserError } from '../../internal/errors.js';
import { loadModel } from '../../models/persistence/loadModel.js';
import type { InferenceRuntime } from '../../models/inference/inferenceRuntime.js';
import type { InferenceRuntimeName, MemberPredictor } from '../../models/inference/memberPredictor.js';
import type { Store } from '../../store/store.js';

/** A production ensemble with its member models loaded: what the daemon and the backtest score with. */
export interface LoadedEnsemble {
  readonly artifact: EnsembleArtifact;
  /** Model members only; the 'rule' member is the rule-based strategy's base rate, in the artifact. */
  readonly predictors: ReadonlyMap<EnsembleMember, MemberPredictor>;
  /** The inference runtime that runs the members: cached predictions are kept per runtime. */
  readonly runtime: InferenceRuntimeName;
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
 * normaliser, one window length. The members run on `runtime`; the features and normaliser stay in
 * TypeScript, shared by every runtime.
 */
export async function loadEnsemble(modelsDir: string, store: Store, artifact: EnsembleArtifact, runtime: InferenceRuntime): Promise<LoadedEnsemble> {
  const predictors = new Map<EnsembleMember, MemberPredictor>();
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
        loaded.model.dispose();
        throw new FatalError(`ensemble ${artifact.version}: member ${id} takes windows of ${loaded.meta.windowLength}, others ${pipeline.windowLength}`);
      }
      const predictor = await runtime.predictor({ model: loaded.model, returnScale: loaded.meta.returnScale, owns: true }).catch((err: unknown) => {
        loaded.model.dispose();
        throw err;
      });
      predictors.set(member, predictor);
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
    runtime: runtime.name,
    modelIds,
    ...pipeline,
    combiner: new EnsembleCombiner(artifact.spec),
    dispose: () => {
      for (const p of predictors.values()) p.dispose();
    },
  };
}
