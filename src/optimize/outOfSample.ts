import type { OutOfSampleCalibration } from '../backtest/walkForwardComparison.js';
import type { Tier } from '../config/schema.js';
import { brierScore, expectedCalibrationError, logLoss, rocAuc } from '../models/evaluation/classification.js';
import type { Judgements } from './foldScorers.js';
import type { PoolData } from './poolData.js';
import type { FoldModel } from './trainFold.js';

const finite = (x: number) => (Number.isFinite(x) ? x : null);

/**
 * The out-of-sample calibration of the walk-forward: for every trade the strategy proposed in a fold's
 * window, the confidence the fold's ensemble gave it in the engine (recorded while trading) and whether
 * it then beat its costs, at the fold's horizon; and how often each risk tier was reached.
 */
export function outOfSampleCalibration(data: PoolData, folds: readonly FoldModel[], judged: Judgements, tiers: readonly Tier[]): OutOfSampleCalibration {
  const p: number[] = [];
  const y: number[] = [];
  const base: number[] = [];
  let taken = 0;
  for (const f of folds) {
    data.series.assets.forEach((a, k) => {
      const said = judged.get(a.symbol);
      const t = data.traded[k]!;
      const labels = a.samples.labels.get(f.horizon.horizonBars)!;
      for (let i = 0; i < t.time.length; i++) {
        const time = t.time[i]!;
        const sample = t.sample[i]!;
        const confidence = said?.get(time);
        if (sample < 0 || confidence === undefined || time < f.window.from || time >= f.window.to) continue;
        if (!(labels.knownAt[sample]! <= data.end)) continue;
        p.push(confidence);
        y.push(labels.y[sample]!);
        base.push(f.baseRates[a.symbol]!);
        if (confidence >= f.entry.threshold) taken++;
      }
    });
  }
  const n = p.length;
  const bounds = [...tiers.map((t) => t.minConfidence), 0];
  const reach = bounds.map((lower, j) => {
    const upper = j === 0 ? Number.POSITIVE_INFINITY : (bounds[j - 1] as number);
    let count = 0;
    let hits = 0;
    for (let i = 0; i < n; i++) {
      if (p[i]! >= lower && p[i]! < upper) {
        count++;
        hits += y[i]!;
      }
    }
    return { minConfidence: lower, count, share: n ? count / n : 0, hitRate: count ? hits / count : null };
  });
  const mean = (v: number[]) => (v.length ? v.reduce((s, x) => s + x, 0) / v.length : Number.NaN);
  return {
    judged: n,
    baseRate: finite(mean(y)),
    meanConfidence: finite(mean(p)),
    ece: n ? finite(expectedCalibrationError(p, y)) : null,
    logLoss: n ? finite(logLoss(p, y)) : null,
    baseRateLogLoss: n ? finite(logLoss(base, y)) : null,
    brier: n ? finite(brierScore(p, y)) : null,
    auc: n ? finite(rocAuc(p, y)) : null,
    taken: n ? taken / n : null,
    tiers: reach,
  };
}
