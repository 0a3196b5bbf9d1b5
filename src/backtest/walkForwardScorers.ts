import type { Symbol } from '../domain/bar.js';
import { timeframeMs } from '../domain/timeframe.js';
import type { Config } from '../config/schema.js';
import { EnsembleCombiner } from '../ensemble/combine/ensembleCombiner.js';
import { memberOfModelKind, type EnsembleMember } from '../ensemble/combine/members.js';
import { FallbackScorer } from '../ensemble/fallbackScorer.js';
import { FoldRoutedScorer, type FoldScorer } from '../ensemble/foldRoutedScorer.js';
import type { Scorer } from '../ensemble/scorer.js';
import type { Logger } from '../internal/logger.js';
import { byBarTime, CachedMembers } from '../runtime/ensemble/cachedMembers.js';
import { EnsembleScorer } from '../runtime/ensemble/ensembleScorer.js';
import { buildEnsemble } from '../runtime/optimize/buildEnsemble.js';
import { memberPredictions } from '../runtime/ensemble/memberPredictions.js';
import { Predictor } from '../models/predictor.js';
import { trainAssetMembers } from '../runtime/optimize/trainAsset.js';
import type { Store } from '../store/store.js';
import type { WalkForwardWindow } from './report/types.js';

export interface WalkForwardOptions {
  readonly config: Config;
  readonly store: Store;
  readonly from: number;
  readonly to: number;
  readonly folds: number;
  readonly quick: boolean;
  readonly logger: Logger;
  readonly backend: string;
  readonly interactive: boolean;
  readonly signal?: AbortSignal;
}

export interface WalkForwardScorers {
  readonly scorers: Map<Symbol, Scorer>;
  readonly windows: WalkForwardWindow[];
  readonly versions: Record<string, string>;
}

function indicesIn(times: ArrayLike<number>, w: { from: number; to: number }, windowLength: number): number[] {
  const out: number[] = [];
  for (let i = windowLength - 1; i < times.length; i++) {
    const t = times[i] as number;
    if (t >= w.from && t < w.to) out.push(i);
  }
  return out;
}

/** [from, to) cut into `folds` consecutive test windows on bar boundaries. */
export function testWindows(from: number, to: number, folds: number, barMs: number): { from: number; to: number }[] {
  const bars = Math.floor((to - from) / barMs);
  const per = Math.floor(bars / folds);
  if (per < 1) throw new RangeError(`${bars} bars cannot be cut into ${folds} test windows`);
  return Array.from({ length: folds }, (_, k) => ({ from: from + k * per * barMs, to: k === folds - 1 ? to : from + (k + 1) * per * barMs }));
}

/**
 * Walk-forward: for every test window and asset, train every model kind and fit the ensemble only on bars
 * before the window (purged), predict the window, and score its bars with that fold's ensemble. No model
 * is saved: these models exist to judge the method, not to trade.
 */
export async function walkForwardScorers(o: WalkForwardOptions): Promise<WalkForwardScorers> {
  const barMs = timeframeMs(o.config.timeframe);
  const windows = testWindows(o.from, o.to, o.folds, barMs);
  const fallback = new FallbackScorer();
  const scorers = new Map<Symbol, Scorer>();
  const versions: Record<string, string> = {};
  const report: WalkForwardWindow[] = [];
  const cost = 2 * (o.config.fees.taker + o.config.slippageBps / 1e4);
  for (const asset of o.config.assets) {
    const folds: FoldScorer[] = [];
    for (const [k, w] of windows.entries()) {
      o.logger.info('walk-forward fold', { asset, fold: k + 1, of: windows.length, testFrom: new Date(w.from).toISOString(), testTo: new Date(w.to).toISOString() });
      const t = await trainAssetMembers(asset, { ...o, testWindow: w });
      const built = buildEnsemble(t, { version: `wf${k + 1}`, createdAt: 0, barMs, roundTripCost: cost });
      // Every bar of the window, labelled or not (the last bars of the history have no label yet).
      const d = t.dataset;
      const ends = Int32Array.from(indicesIn(d.times, w, d.windowLength));
      const predictors = new Map(t.members.map((m) => [memberOfModelKind(m.kind), new Predictor(m.member.model, { returnScale: m.member.result.returnScale })]));
      const predicted = memberPredictions({ predictors, featureSet: d.featureSet, normalizer: d.normalizer, windowLength: d.windowLength }, asset, t.bars, t.lead, ends);
      const members = new Map<EnsembleMember, ArrayLike<number>>([...predicted].map(([m, p]) => [m, p.pUp]));
      const times = Array.from(ends, (e) => d.times[e] as number);
      const scorer = new EnsembleScorer(
        { artifact: built.artifact, combiner: new EnsembleCombiner(built.artifact.spec) },
        asset,
        new CachedMembers(byBarTime(times, members)),
        fallback,
        barMs,
      );
      for (const m of t.members) m.member.model.dispose();
      folds.push({ from: w.from, to: w.to, scorer });
      const train = t.ranges.train;
      if (asset === o.config.assets[0]) report.push({ trainFrom: Date.parse(train.from), trainTo: Date.parse(t.ranges.validation.to), testFrom: w.from, testTo: w.to });
      versions[`${asset} fold ${k + 1}`] = `${built.artifact.spec.method.kind} ensemble of ${[...members.keys(), 'fallback'].join(', ')}; entry ${built.artifact.minConfidence}`;
    }
    scorers.set(asset, new FoldRoutedScorer(folds, fallback));
  }
  return { scorers, windows: report, versions };
}
