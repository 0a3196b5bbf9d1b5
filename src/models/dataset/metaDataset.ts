import { applyNormalizer, fitNormalizer, type IndexRange, type NormalizerParams } from '../../features/index.js';
import type { WindowedSourceInput } from '../training/samples.js';
import { FITTED, type PooledSeries } from './pooledSeries.js';

/** The data of one fold, in time: everything is decided by when a label becomes known. */
export interface FoldData {
  /** The fold's out-of-sample period starts here: no label known after `cutoff - embargoMs` is used. */
  readonly cutoff: number;
  /** Validation from here to the cutoff (early stopping, the ensemble, calibration, the entry threshold). */
  readonly validationFrom: number;
  /** Training samples start here (the first stored bar when undefined). */
  readonly trainFrom?: number;
  /** Left out after each block's last known label, besides the purge (which the label times give). */
  readonly embargoMs: number;
  readonly horizonBars: number;
  readonly windowLength: number;
  /** Half-life of the training samples' weights, counted back from the validation start; undefined: equal weights. */
  readonly recencyHalfLifeMs?: number;
}

export interface MetaBlock {
  /** Stacked row of each sample's decision bar: its window's last row. */
  readonly ends: Int32Array;
  /** Index into series.assets, and into that asset's samples. */
  readonly asset: Uint8Array;
  readonly sample: Int32Array;
  readonly time: Float64Array;
  /** 1 when the trade beat its costs. */
  readonly labels: Float32Array;
  /** The volatility-scaled trade return (the return head's target). */
  readonly returns: Float32Array;
  readonly tradeReturns: Float64Array;
  /** Training weights (mean 1); absent: equal. */
  readonly weights?: Float32Array;
}

export interface MetaDataset {
  readonly series: PooledSeries;
  readonly fold: FoldData;
  readonly normalizer: NormalizerParams;
  /** The stacked rows, normalised with the training rows' statistics. */
  readonly rows: Float32Array;
  readonly featureCount: number;
  readonly train: MetaBlock;
  readonly validation: MetaBlock;
}

const DAY = 86_400_000;

interface Pick {
  asset: number;
  sample: number;
  time: number;
}

/** Samples of every asset for which `keep` holds, in time order (ties: asset order). */
function pick(series: PooledSeries, f: FoldData, keep: (time: number, knownAt: number) => boolean): Pick[] {
  const out: Pick[] = [];
  series.assets.forEach((a, k) => {
    const labels = a.samples.labels.get(f.horizonBars);
    if (!labels) throw new Error(`no labels at ${f.horizonBars} bars for ${a.symbol}`);
    const first = series.warmup + f.windowLength - 1;
    for (let i = 0; i < a.samples.index.length; i++) {
      const knownAt = labels.knownAt[i] as number;
      if ((a.samples.index[i] as number) < first || Number.isNaN(knownAt)) continue;
      const time = a.samples.time[i] as number;
      if (keep(time, knownAt)) out.push({ asset: k, sample: i, time });
    }
  });
  return out.sort((x, y) => x.time - y.time || x.asset - y.asset);
}

function block(series: PooledSeries, f: FoldData, picks: readonly Pick[], weightFrom?: number): MetaBlock {
  const label = (p: Pick) => series.assets[p.asset]!.samples.labels.get(f.horizonBars)!;
  const ends = Int32Array.from(picks, (p) => series.assets[p.asset]!.offset + series.assets[p.asset]!.samples.index[p.sample]!);
  const b: MetaBlock = {
    ends,
    asset: Uint8Array.from(picks, (p) => p.asset),
    sample: Int32Array.from(picks, (p) => p.sample),
    time: Float64Array.from(picks, (p) => p.time),
    labels: Float32Array.from(picks, (p) => label(p).y[p.sample]!),
    returns: Float32Array.from(picks, (p) => label(p).scaled[p.sample]!),
    tradeReturns: Float64Array.from(picks, (p) => label(p).tradeReturn[p.sample]!),
  };
  if (weightFrom === undefined || f.recencyHalfLifeMs === undefined || picks.length === 0) return b;
  const halfLife = f.recencyHalfLifeMs;
  const raw = Float64Array.from(picks, (p) => 0.5 ** ((weightFrom - p.time) / halfLife));
  const mean = raw.reduce((s, w) => s + w, 0) / raw.length;
  return { ...b, weights: Float32Array.from(raw, (w) => w / mean) };
}

/**
 * One fold's training data, leak-free by construction: a sample is used only when its label is known
 * (the close of the bar its horizon ends on) `embargoMs` before the block that follows it starts — the
 * validation block for training samples, the fold's out-of-sample period for validation samples. The
 * normaliser's statistics come from the rows the training windows read and nothing later.
 */
export function metaDataset(series: PooledSeries, f: FoldData): MetaDataset {
  if (!(f.validationFrom < f.cutoff)) throw new RangeError(`metaDataset: the validation block must start before the cutoff`);
  const trainFrom = f.trainFrom ?? Number.NEGATIVE_INFINITY;
  const trainPicks = pick(series, f, (t, known) => t >= trainFrom && known + f.embargoMs <= f.validationFrom);
  const validationPicks = pick(series, f, (t, known) => t >= f.validationFrom && known + f.embargoMs <= f.cutoff);
  const day = (t: number) => new Date(Math.floor(t / DAY) * DAY).toISOString().slice(0, 10);
  if (trainPicks.length === 0) throw new Error(`no training samples before ${day(f.validationFrom)}`);
  if (validationPicks.length === 0) throw new Error(`no validation samples between ${day(f.validationFrom)} and ${day(f.cutoff)}`);

  const train = block(series, f, trainPicks, f.validationFrom);
  const ranges: IndexRange[] = [];
  series.assets.forEach((a, k) => {
    let first = Number.POSITIVE_INFINITY;
    let last = -1;
    for (let i = 0; i < train.ends.length; i++) {
      if (train.asset[i] !== k) continue;
      first = Math.min(first, train.ends[i]!);
      last = Math.max(last, train.ends[i]!);
    }
    if (last >= 0) ranges.push({ start: Math.max(a.offset, first - f.windowLength + 1), end: last + 1 });
  });
  const normalizer = fitNormalizer(series.raw, ranges, FITTED.clip);
  return {
    series,
    fold: f,
    normalizer,
    rows: applyNormalizer(normalizer, series.raw.values),
    featureCount: series.raw.width,
    train,
    validation: block(series, f, validationPicks),
  };
}

/** What training reads of a block: the windows' last rows and their targets. */
export interface TrainingBlock {
  readonly ends: Int32Array;
  readonly labels: Float32Array;
  readonly returns: Float32Array;
  readonly weights?: Float32Array;
}

/** What training a member reads of a dataset (a MetaDataset is one): all of it typed arrays, to share with a worker. */
export interface TrainingData {
  readonly rows: Float32Array;
  readonly featureCount: number;
  readonly fold: { readonly windowLength: number };
  readonly train: TrainingBlock;
  readonly validation: TrainingBlock;
}

/** A block as the trainer's windowed sample source takes it. */
export function sourceInput(d: TrainingData, b: TrainingBlock): WindowedSourceInput {
  return {
    rows: d.rows,
    featureCount: d.featureCount,
    windowLength: d.fold.windowLength,
    ends: b.ends,
    labels: b.labels,
    returns: b.returns,
    ...(b.weights && { weights: b.weights }),
  };
}
