import type { Config } from '../config/schema.js';
import { EnsembleCombiner } from '../ensemble/combine/ensembleCombiner.js';
import { fitEnsemble } from '../ensemble/combine/fitEnsemble.js';
import { memberOfModelKind, type EnsembleMember } from '../ensemble/combine/members.js';
import type { EnsembleSpec } from '../ensemble/combine/ensembleSpec.js';
import { chooseEntryThreshold, thresholdGrid, type EntryThreshold } from '../ensemble/entryThreshold.js';
import type { Logger } from '../internal/logger.js';
import { metaDataset, type MetaBlock, type MetaDataset } from '../models/dataset/metaDataset.js';
import { mean } from '../models/evaluation/numbers.js';
import { classificationScores, type Scores } from '../models/pipeline/blockScores.js';
import { EPOCH_MS_PER_WINDOW } from '../models/kinds.js';
import type { TrainedMember } from '../models/pipeline/trainMember.js';
import { trainingProgress } from '../models/training/progress.js';
import { tune, type TuneMethod } from '../models/tuning/tune.js';
import { chooseHorizon, type HorizonChoice } from './chooseHorizon.js';
import { inThreadTrainer, type MemberTrainer } from './memberTrainer.js';
import type { PoolData } from './poolData.js';
import { isoDay, type PipelineSettings } from './settings.js';

export interface FoldWindow {
  /** The out-of-sample period [from, to): nothing trained here reads a label known after `from - embargo`. */
  readonly from: number;
  readonly to: number;
}

/** One fold's ensemble, trained and fitted on everything before its window. */
export interface FoldModel {
  readonly window: FoldWindow;
  readonly horizon: HorizonChoice;
  readonly dataset: MetaDataset;
  readonly members: readonly TrainedMember[];
  /** The rule member's probability per asset: the share of its training-block trades that beat their costs. */
  readonly baseRates: Readonly<Record<string, number>>;
  readonly spec: EnsembleSpec;
  readonly combiner: EnsembleCombiner;
  readonly entry: EntryThreshold;
  /** Scores of the calibrated ensemble on its own validation block (fitted there: no test). */
  readonly validation: Scores;
}

export interface TrainFoldOptions {
  readonly config: Config;
  readonly logger: Logger;
  readonly interactive: boolean;
  readonly signal?: AbortSignal;
  readonly tune?: { readonly method: TuneMethod; readonly budget: number };
  /** For log lines, e.g. "fold 2/4". */
  readonly label: string;
  /** Who trains the members (a pool of worker threads); default: this thread, one member after another. */
  readonly trainer?: MemberTrainer;
}

function baseRates(d: MetaDataset): Record<string, number> {
  return Object.fromEntries(
    d.series.assets.map((a, k) => {
      let n = 0;
      let wins = 0;
      for (let i = 0; i < d.train.labels.length; i++) {
        if (d.train.asset[i] !== k) continue;
        n++;
        wins += d.train.labels[i]!;
      }
      // An asset with no training trades yet (a young listing) takes the pool's rate.
      return [a.symbol, n > 0 ? wins / n : mean(d.train.labels)];
    }),
  );
}

/** The ensemble's calibrated probability at every row of a block, given each member's probabilities there. */
export function combinedProbabilities(combiner: EnsembleCombiner, regimes: readonly string[], p: ReadonlyMap<EnsembleMember, ArrayLike<number>>): Float64Array {
  return Float64Array.from(regimes, (regime, i) => {
    const probabilities: Partial<Record<EnsembleMember, number>> = {};
    for (const [m, v] of p) probabilities[m] = v[i] as number;
    return combiner.combine({ regime, probabilities }).probability;
  });
}

export function blockRegimes(data: PoolData, b: MetaBlock): string[] {
  return Array.from(b.ends, (_, i) => {
    const a = data.series.assets[b.asset[i]!]!;
    return data.regimes[b.asset[i]!]![a.samples.index[b.sample[i]!]!] ?? 'ranging';
  });
}

/**
 * One fold: choose the horizon (inner walk-forward, logistic regression), build the pooled dataset at that
 * horizon, train every model kind on the training block with early stopping on the validation block, and
 * fit the ensemble (method, calibration, entry threshold) on the validation block, which the members never
 * trained on. Nothing here reads a label known after the fold's window starts (less the embargo).
 */
export async function trainFold(data: PoolData, window: FoldWindow, s: PipelineSettings, o: TrainFoldOptions): Promise<FoldModel> {
  const cutoff = window.from;
  const validationFrom = cutoff - s.validationMs;
  const trainFrom = s.maxTrainMs === undefined ? Number.NEGATIVE_INFINITY : validationFrom - s.maxTrainMs;
  const tiers = o.config.risk.tiers;
  const horizon = chooseHorizon(data, cutoff, trainFrom, s, tiers);
  o.logger.info('horizon chosen', {
    fold: o.label,
    horizonBars: horizon.horizonBars,
    why: horizon.reason,
    scores: horizon.scores.map((x) => ({
      bars: x.horizonBars,
      sharpe: round(x.sharpe),
      trades: x.trades,
      logLoss: round(x.logLoss),
      baseLogLoss: round(x.baseLogLoss),
    })),
  });
  const d = metaDataset(data.series, {
    cutoff,
    validationFrom,
    ...(s.maxTrainMs !== undefined && { trainFrom }),
    embargoMs: s.embargoMs,
    horizonBars: horizon.horizonBars,
    windowLength: s.models.windowLength,
    ...(s.recencyHalfLifeMs !== undefined && { recencyHalfLifeMs: s.recencyHalfLifeMs }),
  });
  o.logger.info('fold data', {
    fold: o.label,
    test: `${isoDay(window.from)} .. ${isoDay(window.to)}`,
    train: `${isoDay(d.train.time[0]!)} .. ${isoDay(d.train.time[d.train.time.length - 1]!)}`,
    trainSamples: d.train.ends.length,
    validation: `${isoDay(d.validation.time[0]!)} .. ${isoDay(d.validation.time[d.validation.time.length - 1]!)}`,
    validationSamples: d.validation.ends.length,
    trainPositiveRate: round(mean(d.train.labels)),
  });

  const members = await trainKinds(d, s, o);

  const rates = baseRates(d);
  const v = d.validation;
  const p = new Map<EnsembleMember, ArrayLike<number>>(members.map((m) => [memberOfModelKind(m.kind), m.validation.pUp]));
  p.set(
    'rule',
    Float64Array.from(v.asset, (k) => rates[d.series.assets[k]!.symbol]!),
  );
  const regimes = blockRegimes(data, v);
  const spec = fitEnsemble({
    members: [...p.keys()],
    validation: {
      time: v.time,
      y: Uint8Array.from(v.labels),
      regime: regimes,
      p: Object.fromEntries([...p].map(([k, col]) => [k, Float64Array.from(col)])),
      forwardReturn: Float64Array.from(v.tradeReturns),
    },
    options: { horizonMs: horizon.horizonBars * s.barMs, minChunkRows: s.minChunkRows },
  });
  const combiner = new EnsembleCombiner(spec);
  const calibrated = combinedProbabilities(combiner, regimes, p);
  const entry = chooseEntryThreshold(calibrated, v.tradeReturns, s.roundTripCost, thresholdGrid(tiers), s.minThresholdTrades);
  o.logger.info('ensemble fitted', {
    fold: o.label,
    method: spec.method.kind,
    calibration: spec.calibration.kind,
    entryThreshold: entry.threshold,
    entryTrades: entry.trades,
    entryMeanNet: round(entry.meanNet),
  });
  return {
    window,
    horizon,
    dataset: d,
    members,
    baseRates: rates,
    spec,
    combiner,
    entry,
    validation: classificationScores('validation', calibrated, v.labels),
  };
}

const round = (x: number) => (Number.isFinite(x) ? Number(x.toFixed(4)) : null);

/**
 * Every kind of the fold, handed to the trainer at once (longest first, so that the last to finish on a
 * pool is a short one), in the config's order once trained. The first failure stops the others (between
 * batches) and fails the fold, with no member left undisposed.
 */
async function trainKinds(d: MetaDataset, s: PipelineSettings, o: TrainFoldOptions): Promise<TrainedMember[]> {
  const trainer = o.trainer ?? inThreadTrainer();
  const failed = new AbortController();
  const signal = o.signal ? AbortSignal.any([o.signal, failed.signal]) : failed.signal;
  const byCost = [...s.models.kinds].sort((a, b) => EPOCH_MS_PER_WINDOW[b] - EPOCH_MS_PER_WINDOW[a]);
  const trained = new Map(
    byCost.map((kind) => [
      kind,
      trainKind(kind, d, s, { ...o, signal }, trainer).catch((err: unknown) => {
        failed.abort();
        throw err;
      }),
    ]),
  );
  const outcomes = await Promise.allSettled(s.models.kinds.map((kind) => trained.get(kind) as Promise<TrainedMember>));
  const members = outcomes.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  if (members.length === outcomes.length) return members;
  for (const m of members) m.model.dispose();
  // The first failure in time is the cause; the others were stopped by it.
  throw await firstRejection([...trained.values()]);
}

function firstRejection(runs: readonly Promise<unknown>[]): Promise<unknown> {
  return new Promise((resolve) => {
    for (const r of runs) r.catch(resolve);
  });
}

async function trainKind(
  kind: Config['models']['kinds'][number],
  d: MetaDataset,
  s: PipelineSettings,
  o: TrainFoldOptions,
  trainer: MemberTrainer,
): Promise<TrainedMember> {
  // Bars on a terminal only when one member trains at a time: several would draw over each other.
  const bars = o.interactive && trainer.concurrency === 1;
  const progress = trainingProgress({
    label: `${kind} ${o.label}`,
    stream: process.stderr,
    interactive: bars,
    log: (msg, fields) => o.logger.info(msg, fields),
  });
  let sizes: Record<string, unknown> = s.models.sizes[kind] ?? {};
  let training = s.models.training;
  if (o.tune) {
    const search = await tune(kind, o.tune.method, o.tune.budget, training.epochs, s.models.seed, async (candidate, epochs) => {
      const trial = await trainer.train(kind, d, {
        sizes: { ...sizes, ...candidate.sizes },
        returnHead: s.models.returnHead,
        training: { ...training, epochs, learningRate: candidate.learningRate },
        seed: s.models.seed,
        ...(o.signal && { signal: o.signal }),
      });
      trial.model.dispose();
      o.logger.info('tuning trial', {
        fold: o.label,
        kind,
        epochs,
        learningRate: candidate.learningRate,
        ...candidate.sizes,
        valLoss: trial.result.bestValLoss,
      });
      return trial.result.bestValLoss;
    });
    sizes = { ...sizes, ...search.best.sizes };
    training = { ...training, learningRate: search.best.learningRate };
    o.logger.info('tuned', {
      fold: o.label,
      kind,
      method: o.tune.method,
      trials: search.trials.length,
      valLoss: search.bestLoss,
      learningRate: search.best.learningRate,
      ...search.best.sizes,
    });
  }
  try {
    return await trainer.train(kind, d, {
      sizes,
      returnHead: s.models.returnHead,
      training,
      seed: s.models.seed,
      ...(bars && { onBatch: progress.onBatch }),
      onEpoch: progress.onEpoch,
      now: () => performance.now(),
      ...(o.signal && { signal: o.signal }),
    });
  } finally {
    progress.stop();
  }
}
