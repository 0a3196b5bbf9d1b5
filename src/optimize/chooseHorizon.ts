import type { Tier } from '../config/schema.js';
import { fitLogisticRegression, type LogisticRegression } from '../models/evaluation/logisticRegression.js';
import { logLoss } from '../models/evaluation/classification.js';
import type { PoolData } from './poolData.js';
import type { PipelineSettings } from './settings.js';
import { annualisedSharpe, sizedDailyReturns, tierSize, type SizedDecisions } from './tradingValue.js';

export interface HorizonScore {
  readonly horizonBars: number;
  /** Sharpe of the strategy sized by the logistic regression's probability, pooled over the inner windows. */
  readonly sharpe: number;
  /** Decisions it would have traded (probability in a tier). */
  readonly trades: number;
  /** Out-of-window log loss, and that of the training base rate on the same rows: the tie-breaker. */
  readonly logLoss: number;
  readonly baseLogLoss: number;
}

export interface HorizonChoice {
  readonly horizonBars: number;
  readonly scores: readonly HorizonScore[];
  /** The inner windows, [from, to). */
  readonly windows: readonly { from: number; to: number }[];
  readonly reason: string;
}

interface Row {
  asset: number;
  sample: number;
}

/** The logistic regression's input: the raw feature row at the decision bar and the side; null when a value is not finite. */
function features(data: PoolData, r: Row): Float64Array | null {
  const series = data.series;
  const a = series.assets[r.asset]!;
  const w = series.raw.width;
  const at = (a.offset + a.samples.index[r.sample]!) * w;
  const out = new Float64Array(w + 1);
  for (let c = 0; c < w; c++) {
    const v = series.raw.values[at + c]!;
    if (!Number.isFinite(v)) return null;
    out[c] = v;
  }
  out[w] = a.samples.side[r.sample]!;
  return out;
}

/**
 * Each horizon's value for trading, measured as a fold would see it, inside the fold's own training data:
 * in a walk-forward over its last `horizonFolds` windows, a logistic regression (cheap, deterministic)
 * is fitted on the samples whose labels are known an embargo before the window, and the strategy's
 * decisions in the window are sized by its probability through the risk tiers and traded (daily P&L,
 * costs on every change). The horizon with the best Sharpe wins; when none trades (no probability reaches
 * a tier), the best log loss against the base rate decides. Nothing at or after `cutoff` is read.
 */
export function chooseHorizon(data: PoolData, cutoff: number, trainFrom: number, s: PipelineSettings, tiers: readonly Tier[]): HorizonChoice {
  const windows = Array.from({ length: s.horizonFolds }, (_, j) => {
    const from = cutoff - (s.horizonFolds - j) * s.foldMs;
    return { from, to: from + s.foldMs };
  });
  const firstRow = data.series.warmup;
  const scores = s.horizonsBars.map((h): HorizonScore => {
    const sized: SizedDecisions[] = [];
    let trades = 0;
    const p: number[] = [];
    const y: number[] = [];
    const base: number[] = [];
    for (const w of windows) {
      const train: Row[] = [];
      data.series.assets.forEach((a, k) => {
        const labels = a.samples.labels.get(h)!;
        for (let i = 0; i < a.samples.index.length; i++) {
          if (a.samples.index[i]! < firstRow || a.samples.time[i]! < trainFrom) continue;
          if (labels.knownAt[i]! + s.embargoMs <= w.from) train.push({ asset: k, sample: i });
        }
      });
      const model = fit(data, train, h);
      data.series.assets.forEach((a, k) => {
        const t = data.traded[k]!;
        const labels = a.samples.labels.get(h)!;
        const keep: number[] = [];
        for (let i = 0; i < t.time.length; i++) if (t.time[i]! >= w.from && t.time[i]! < w.to && t.nextKnownAt[i]! + s.embargoMs <= cutoff) keep.push(i);
        const size = keep.map((i) => {
          const sample = t.sample[i]!;
          const x = sample >= 0 && a.samples.index[sample]! >= firstRow && model ? features(data, { asset: k, sample }) : null;
          const prob = x && model ? model.predictOne(x) : 0;
          if (x && model && labels.knownAt[sample]! + s.embargoMs <= cutoff) {
            p.push(prob);
            y.push(labels.y[sample]!);
            base.push(model.baseRate);
          }
          const sz = tierSize(prob, tiers);
          if (sz > 0) trades++;
          return sz;
        });
        sized.push({ time: keep.map((i) => t.time[i]!), signed: keep.map((i) => t.signed[i]!), nextReturn: keep.map((i) => t.nextReturn[i]!), size });
      });
    }
    const daily = sizedDailyReturns(sized, s.roundTripCost / 2);
    return {
      horizonBars: h,
      sharpe: annualisedSharpe(daily),
      trades,
      logLoss: p.length ? logLoss(p, y) : Number.NaN,
      baseLogLoss: p.length ? logLoss(base, y) : Number.NaN,
    };
  });
  const traded = scores.filter((x) => x.trades > 0);
  const skill = (x: HorizonScore) => (Number.isFinite(x.logLoss) ? x.baseLogLoss - x.logLoss : Number.NEGATIVE_INFINITY);
  const best = traded.length ? traded.reduce((a, b) => (b.sharpe > a.sharpe ? b : a)) : scores.reduce((a, b) => (skill(b) > skill(a) ? b : a));
  const reason = traded.length
    ? `best inner walk-forward Sharpe ${best.sharpe.toFixed(2)} (${best.trades} sized decisions)`
    : `no horizon's probability reached a risk tier in the inner walk-forward; best log loss against the base rate`;
  return { horizonBars: best.horizonBars, scores, windows, reason };
}

type Fitted = LogisticRegression & { baseRate: number };

/** A logistic regression on `rows`, or undefined when they are too few or of one class. */
function fit(data: PoolData, rows: readonly Row[], h: number): Fitted | undefined {
  const xs: Float64Array[] = [];
  const ys: number[] = [];
  for (const r of rows) {
    const x = features(data, r);
    if (!x) continue;
    xs.push(x);
    ys.push(data.series.assets[r.asset]!.samples.labels.get(h)!.y[r.sample]!);
  }
  const positives = ys.reduce((s, v) => s + v, 0);
  if (xs.length < 50 || positives === 0 || positives === ys.length) return undefined;
  const cols = (xs[0] as Float64Array).length;
  const x = new Float64Array(xs.length * cols);
  xs.forEach((row, i) => x.set(row, i * cols));
  return { ...fitLogisticRegression(x, ys, ys.length, cols, { l2: 1e-2 }), baseRate: positives / ys.length };
}
