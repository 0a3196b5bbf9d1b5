import path from 'node:path';
import type { Bar } from '../../domain/bar.js';
import type { Config } from '../../config/schema.js';
import { defaultFeatureSet, featureSetToJson } from '../../features/index.js';
import { UserError } from '../../internal/errors.js';
import type { Logger } from '../../internal/logger.js';
import { buildAssetDataset, type AssetDataset, type SampleBlock } from '../../models/dataset/assetDataset.js';
import type { ModelKind } from '../../models/kinds.js';
import { modelDirectory } from '../../models/persistence/layout.js';
import { modelMetaFor } from '../../models/persistence/modelMetaFor.js';
import type { ModelRange } from '../../models/persistence/meta.js';
import { saveModel } from '../../models/persistence/saveModel.js';
import { baselineScores, classificationScores, returnScores, type Scores } from '../../models/pipeline/blockScores.js';
import { trainMember, type TrainedMember } from '../../models/pipeline/trainMember.js';
import { trainingProgress } from '../../models/training/progress.js';
import { tune, type TuneMethod } from '../../models/tuning/tune.js';
import type { ModelVersion } from '../../store/modelRegistry.js';
import type { Store } from '../../store/store.js';
import { fallbackProbabilities } from './fallbackProbabilities.js';

export interface TrainAssetOptions {
  readonly config: Config;
  readonly store: Store;
  readonly logger: Logger;
  readonly backend: string;
  readonly quick: boolean;
  readonly interactive: boolean;
  readonly signal?: AbortSignal;
  /** Search each kind's sizes and learning rate on validation loss before the final training. */
  readonly tune?: { readonly method: TuneMethod; readonly budget: number };
  /** Put the test block on this window (a walk-forward fold) instead of the most recent bars. */
  readonly testWindow?: { readonly from: number; readonly to: number };
}

export interface SaveOptions {
  readonly store: Store;
  readonly modelsDir: string;
  readonly logger: Logger;
  /** Wall clock: model versions record when they were made. */
  readonly now: () => number;
}

export interface MemberOutcome {
  readonly kind: ModelKind;
  readonly member: TrainedMember;
  /** Set once the model is saved and registered. */
  readonly version?: ModelVersion;
}

export interface AssetTraining {
  readonly asset: string;
  readonly dataset: AssetDataset;
  readonly bars: readonly Bar[];
  /** Bars of the market lead the features used, if any. */
  readonly lead: readonly Bar[] | undefined;
  readonly members: readonly MemberOutcome[];
  /** The rule-based strategy's P(up) on the validation and test blocks: an ensemble member and a baseline. */
  readonly fallback: { readonly validation: Float64Array; readonly test: Float64Array };
  readonly baselines: Scores;
  readonly ranges: { train: ModelRange; validation: ModelRange; test: ModelRange };
}

const iso = (t: number) => new Date(t).toISOString();

function blockRange(d: AssetDataset, b: SampleBlock): { from: string; to: string; samples: number } {
  const first = b.ends[0] ?? 0;
  const last = b.ends[b.ends.length - 1] ?? 0;
  return { from: iso(d.times[first] as number), to: iso(d.times[last] as number), samples: b.ends.length };
}

/** The model settings in force: the full ones, or `--quick`'s tiny ones. */
export function modelSettings(config: Config, quick: boolean) {
  const m = config.models;
  return quick ? { ...m, ...m.quick, sizes: { ...m.sizes, ...m.quick.sizes } } : m;
}

/**
 * Everything `optimize` trains for one asset: the dataset (purged split, normaliser from the training
 * block), every model kind with early stopping on validation, and the baselines (majority class,
 * logistic regression, the rule-based fallback) on the untouched test block. Nothing is saved here.
 */
export async function trainAssetMembers(asset: string, o: TrainAssetOptions): Promise<AssetTraining> {
  const { config, store } = o;
  const tf = config.timeframe;
  const settings = modelSettings(config, o.quick);
  const bars = store.candles.range(asset, tf);
  const leadSymbol = config.marketLead;
  const lead = leadSymbol && leadSymbol !== asset ? store.candles.range(leadSymbol, tf) : undefined;
  const useLead = leadSymbol !== null && (leadSymbol === asset || (lead !== undefined && lead.length > 0));
  if (leadSymbol && !useLead) {
    o.logger.warn('training without lead features: no lead candles stored', { asset, lead: leadSymbol });
  }
  const featureSet = defaultFeatureSet({
    tiers: config.portfolio.tiers,
    lead: useLead && leadSymbol ? { symbol: leadSymbol, prefix: leadSymbol.split('/')[0]?.toLowerCase() ?? 'lead' } : null,
  });
  if (bars.length === 0) {
    throw new UserError(`no ${asset} ${tf} candles in the store to train on`, {
      hint: `import them (bot data import FILE --symbol ${asset} --timeframe ${tf}) or download them (bot data download --assets ${asset})`,
    });
  }
  let dataset: AssetDataset;
  try {
    dataset = buildAssetDataset(asset, bars, useLead && lead?.length ? lead : undefined, featureSet, {
      windowLength: settings.windowLength,
      horizon: settings.horizon,
      maxBars: settings.maxBars,
      validationFraction: settings.validationFraction,
      testFraction: settings.testFraction,
      trainStride: settings.trainStride,
      ...(o.testWindow && { testWindow: o.testWindow }),
    });
  } catch (err) {
    throw new UserError(`cannot build a training set for ${asset}: ${(err as Error).message}`, {
      hint: 'store more history (bot data import / bot data download) or lower models.maxBars / windowLength',
    });
  }
  const ranges = { train: blockRange(dataset, dataset.train), validation: blockRange(dataset, dataset.validation), test: blockRange(dataset, dataset.test) };
  o.logger.info('dataset', { asset, backend: o.backend, features: dataset.featureCount, window: dataset.windowLength, horizon: dataset.horizon, ...ranges });

  const fallback = {
    validation: fallbackProbabilities(asset, bars, dataset.validation.ends),
    test: fallbackProbabilities(asset, bars, dataset.test.ends),
  };
  const baselines = { ...baselineScores(dataset).scores, ...classificationScores('baseline.fallback.test', fallback.test, dataset.test) };

  const members: MemberOutcome[] = [];
  for (const kind of settings.kinds) {
    const progress = trainingProgress({
      label: `${kind} ${asset}`,
      stream: process.stderr,
      interactive: o.interactive,
      log: (msg, fields) => o.logger.info(msg, fields),
    });
    let sizes: Record<string, unknown> = settings.sizes[kind] ?? {};
    let training = settings.training;
    if (o.tune) {
      const search = await tune(kind, o.tune.method, o.tune.budget, settings.training.epochs, settings.seed, async (candidate, epochs) => {
        const trial = await trainMember(kind, dataset, {
          sizes: { ...sizes, ...candidate.sizes },
          returnHead: settings.returnHead,
          training: { ...settings.training, epochs, learningRate: candidate.learningRate },
          seed: settings.seed,
          ...(o.signal && { signal: o.signal }),
        });
        trial.model.dispose();
        o.logger.info('tuning trial', { asset, kind, epochs, learningRate: candidate.learningRate, ...candidate.sizes, valLoss: trial.result.bestValLoss });
        return trial.result.bestValLoss;
      });
      sizes = { ...sizes, ...search.best.sizes };
      training = { ...settings.training, learningRate: search.best.learningRate };
      o.logger.info('tuned', { asset, kind, method: o.tune.method, trials: search.trials.length, valLoss: search.bestLoss, learningRate: search.best.learningRate, ...search.best.sizes });
    }
    const member = await trainMember(kind, dataset, {
      sizes,
      returnHead: settings.returnHead,
      training,
      onBatch: progress.onBatch,
      seed: settings.seed,
      onEpoch: progress.onEpoch,
      now: () => performance.now(),
      ...(o.signal && { signal: o.signal }),
    });
    progress.stop();
    members.push({ kind, member });
  }
  return { asset, dataset, bars, lead: useLead && lead?.length ? lead : undefined, members, fallback, baselines, ranges };
}

const round = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? null : Number(x.toFixed(4)));
const finite = (s: Scores): Record<string, number> => Object.fromEntries(Object.entries(s).filter(([, v]) => Number.isFinite(v)));
const nullable = (s: Scores): Record<string, number | null> => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, Number.isFinite(v) ? v : null]));

/** Save every trained member of an asset (models/<kind>/<asset>/<version>/) and register it as staging. */
export async function saveMembers(t: AssetTraining, o: SaveOptions, settings: ReturnType<typeof modelSettings>): Promise<AssetTraining> {
  const { store } = o;
  const { asset, dataset, ranges, baselines } = t;
  const members: MemberOutcome[] = [];
  for (const { kind, member } of t.members) {
    const version = store.models.nextVersion(kind, asset);
    const dir = modelDirectory(o.modelsDir, kind, asset, version);
    const metrics: Scores = {
      ...classificationScores('val', member.validation.pUp, dataset.validation),
      ...classificationScores('test', member.test.pUp, dataset.test),
      ...(member.test.expectedReturn ? returnScores('test', member.test.expectedReturn, dataset.test) : {}),
      ...baselines,
    };
    const createdAt = o.now();
    await saveModel(
      dir,
      member.model,
      modelMetaFor({
        kind,
        spec: member.spec,
        asset,
        version,
        featureSchemaHash: dataset.featureSchemaHash,
        featureNames: [...dataset.featureSet.columns],
        normalisation: { featureSet: featureSetToJson(dataset.featureSet), normalizer: dataset.normalizer, horizon: dataset.horizon },
        ranges,
        seed: settings.seed,
        createdAt: iso(createdAt),
        model: member.model,
        training: member.result,
        options: member.options,
        metrics: finite(metrics),
      }),
    );
    const registered = store.models.register({
      id: `${kind}/${path.basename(path.dirname(dir))}/${version}`,
      kind,
      asset,
      version,
      path: path.relative(o.modelsDir, dir),
      status: 'staging',
      featureSchemaHash: dataset.featureSchemaHash,
      backend: member.result.backend,
      seed: settings.seed,
      metrics: nullable(metrics),
      createdAt,
    });
    o.logger.info('model trained', {
      id: registered.id,
      backend: member.result.backend,
      epochs: member.result.epochsRun,
      bestEpoch: member.result.bestEpoch,
      testAuc: round(metrics['test.auc']),
      testAccuracy: round(metrics['test.accuracy']),
      testLogLoss: round(metrics['test.logLoss']),
      logisticAuc: round(metrics['baseline.logistic.test.auc']),
      fallbackAuc: round(metrics['baseline.fallback.test.auc']),
    });
    members.push({ kind, version: registered, member });
  }
  return { ...t, members };
}
