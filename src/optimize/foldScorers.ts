import type { Bar, Symbol } from '../domain/bar.js';
import type { Signal } from '../domain/signal.js';
import type { EnsembleCombiner } from '../ensemble/combine/ensembleCombiner.js';
import { memberOfModelKind, type EnsembleMember, type MemberValues } from '../ensemble/combine/members.js';
import type { MemberPredictor } from '../models/inference/memberPredictor.js';
import type { EnsembleArtifact } from '../ensemble/ensembleArtifact.js';
import { FoldRoutedScorer, type FoldScorer } from '../ensemble/foldRoutedScorer.js';
import type { ScoreContext, Scorer } from '../ensemble/scorer.js';
import type { InferenceRuntime } from '../models/inference/inferenceRuntime.js';
import type { InferenceRuntimeName } from '../models/inference/memberPredictor.js';
import { windowedSource } from '../models/training/samples.js';
import { byBarTime, CachedMembers } from '../runtime/ensemble/cachedMembers.js';
import { EnsembleScorer } from '../runtime/ensemble/ensembleScorer.js';
import type { StrategyConfig } from '../config/schema.js';
import { TrendScorer } from '../strategy/trendScorer.js';
import type { PoolData } from './poolData.js';
import type { FoldModel, FoldWindow } from './trainFold.js';

/** A fold's ensemble with its members' probabilities at every trade the strategy proposes in its window. */
export interface FoldPredictions {
  readonly window: FoldWindow;
  readonly artifact: EnsembleArtifact;
  readonly combiner: EnsembleCombiner;
  /** The runtime that computed them (the cache keeps each runtime's apart). */
  readonly runtime: InferenceRuntimeName;
  /** Asset -> bar time -> member probabilities. */
  readonly members: ReadonlyMap<Symbol, ReadonlyMap<number, MemberValues>>;
}

/**
 * The members' probabilities at the strategy's proposals in the fold's window, computed in batches ahead of
 * the fold's replay yet bit for bit as the daemon computes them one window at a time on the same runtime
 * (predictSourceAsLive), from the fold's normalised rows, which are the rows the daemon's streaming
 * features give bit for bit.
 */
export async function foldPredictions(data: PoolData, fold: FoldModel, artifact: EnsembleArtifact, runtime: InferenceRuntime): Promise<FoldPredictions> {
  const d = fold.dataset;
  const L = d.fold.windowLength;
  const predictors: [EnsembleMember, MemberPredictor][] = [];
  try {
    for (const m of fold.members) {
      predictors.push([memberOfModelKind(m.kind), await runtime.predictor({ model: m.model, returnScale: m.result.returnScale, owns: false })]);
    }
    const members = new Map<Symbol, ReadonlyMap<number, MemberValues>>();
    for (const [k, a] of data.series.assets.entries()) {
      const t = data.traded[k]!;
      const at: number[] = [];
      for (let i = 0; i < t.time.length; i++) {
        const sample = t.sample[i]!;
        if (sample < 0 || t.time[i]! < fold.window.from || t.time[i]! >= fold.window.to) continue;
        if (a.samples.index[sample]! < data.series.warmup + L - 1) continue;
        at.push(i);
      }
      const ends = Int32Array.from(at, (i) => a.offset + a.samples.index[t.sample[i]!]!);
      const source = windowedSource({ rows: d.rows, featureCount: d.featureCount, windowLength: L, ends, labels: new Float32Array(ends.length) });
      const columns = new Map<EnsembleMember, ArrayLike<number>>();
      for (const [m, p] of predictors) columns.set(m, (await p.predictSourceAsLive(source)).pUp);
      members.set(
        a.symbol,
        byBarTime(
          at.map((i) => t.time[i]!),
          columns,
        ),
      );
    }
    return { window: fold.window, artifact, combiner: fold.combiner, runtime: runtime.name, members };
  } finally {
    for (const [, p] of predictors) p.dispose();
  }
}

/** What the walk-forward ensembles said at each trade they judged: asset -> bar time -> confidence. */
export type Judgements = Map<Symbol, Map<number, number>>;

/** Passes a scorer through, noting the confidence of every signal that has one. */
class RecordingScorer implements Scorer {
  readonly name: string;
  readonly warmup: number;
  readonly isReady?: (symbol: Symbol) => boolean;

  constructor(
    private readonly inner: Scorer,
    private readonly record: Map<number, number>,
  ) {
    this.name = inner.name;
    this.warmup = inner.warmup;
    if (inner.isReady) this.isReady = (symbol) => inner.isReady?.(symbol) ?? true;
  }

  observe(symbol: Symbol, bar: Bar): void {
    this.inner.observe?.(symbol, bar);
  }

  async score(symbol: Symbol, history: readonly Bar[], context?: ScoreContext): Promise<Signal> {
    const s = await this.inner.score(symbol, history, context);
    if (s.confidence !== undefined) this.record.set(s.barTime, s.confidence);
    return s;
  }
}

/**
 * Fresh scorers for one engine run over the walk-forward: per asset, each bar routed to the ensemble of
 * the fold whose window holds it (the rule-based strategy outside every window). Scorers keep streaming
 * state, so every run gets new ones; the predictions are shared.
 */
export function walkForwardScorers(
  folds: readonly FoldPredictions[],
  pool: readonly Symbol[],
  strategy: StrategyConfig,
  barMs: number,
  judged?: Judgements,
): Map<Symbol, Scorer> {
  const rule = new TrendScorer(barMs, strategy);
  return new Map(
    pool.map((asset): [Symbol, Scorer] => {
      const routed: FoldScorer[] = folds.map((f) => ({
        from: f.window.from,
        to: f.window.to,
        scorer: new EnsembleScorer({ artifact: f.artifact, combiner: f.combiner }, asset, new CachedMembers(f.members.get(asset) ?? new Map()), rule, barMs),
      }));
      const scorer = new FoldRoutedScorer(routed, rule);
      if (!judged) return [asset, scorer];
      const record = new Map<number, number>();
      judged.set(asset, record);
      return [asset, new RecordingScorer(scorer, record)];
    }),
  );
}
