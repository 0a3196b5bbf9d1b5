import { runBacktest } from '../backtest/runBacktest.js';
import { periodFigures, type PeriodFigures } from '../backtest/walkForwardComparison.js';
import type { Config } from '../config/schema.js';
import type { Signal } from '../domain/signal.js';
import { timeframeMs } from '../domain/timeframe.js';
import { predictionQuality, type PredictionQuality } from '../drift/predictionQuality.js';
import { ensembleId, judgesStrategy, type EnsembleArtifact } from '../ensemble/ensembleArtifact.js';
import type { Scorer } from '../ensemble/scorer.js';
import { UserError } from '../internal/errors.js';
import type { Logger } from '../internal/logger.js';
import { productionScorers } from '../runtime/ensemble/productionScorers.js';
import { judgeProposals, type JudgedProposal } from '../runtime/ensemble/tradeJudge.js';
import type { Store } from '../store/store.js';
import { readEnsembleVersion } from './productionChange.js';
import { isoDay } from './settings.js';
import type { InferenceRuntime } from '../models/inference/inferenceRuntime.js';

export interface ComparedModel {
  readonly id: string;
  readonly trainedThrough: string;
  readonly horizonBars: number;
  readonly minConfidence: number;
  /** Traded through the engine over the block, net of every cost. */
  readonly trading: PeriodFigures;
  /** Its probabilities for the strategy's proposals in the block, judged at its own horizon. */
  readonly predictions: PredictionQuality;
}

export interface EnsembleComparison {
  readonly assets: readonly string[];
  /** The test block: after both were trained (and the embargo), up to the last stored bar. */
  readonly from: string;
  readonly to: string;
  readonly models: readonly [ComparedModel, ComparedModel];
  /** The rule-based strategy alone over the same block. */
  readonly rule: PeriodFigures;
}

export interface CompareOptions {
  readonly config: Config;
  readonly store: Store;
  readonly modelsDir: string;
  readonly logger: Logger;
  readonly ids: readonly [string, string];
  /** Runs the member models (chosen once at start-up). */
  readonly runtime: InferenceRuntime;
}

/** Every probability a scorer's signals carry for a proposed trade, as the engine asked for them. */
function recording(inner: Scorer, sink: JudgedProposal[]): Scorer {
  const keep = (s: Signal) => {
    const side = s.inputs?.['proposedSide'];
    if (s.confidence !== undefined && (side === 1 || side === -1)) sink.push({ barTime: s.barTime, probability: s.confidence, side });
    return s;
  };
  return {
    name: inner.name,
    warmup: inner.warmup,
    score: async (symbol, history, context) => keep(await inner.score(symbol, history, context)),
    ...(inner.observe && { observe: inner.observe.bind(inner) }),
    ...(inner.isReady && { isReady: inner.isReady.bind(inner) }),
  };
}

/**
 * Two ensemble versions on the same test block, with the same metrics: each traded through the engine
 * (the daemon's own, net of costs) beside the rule-based strategy, and each one's probabilities judged
 * against what the proposed trades then did. The block starts after both were trained, so neither is
 * judged on bars it was fitted on.
 */
export async function compareEnsembles(o: CompareOptions): Promise<EnsembleComparison> {
  const artifacts = o.ids.map((id) => readEnsembleVersion(o.store, o.modelsDir, id)) as [EnsembleArtifact, EnsembleArtifact];
  for (const a of artifacts) {
    if (!judgesStrategy(a, o.config.strategy))
      throw new UserError(`${ensembleId(a)} judges the trades of other strategy settings than the config's: it cannot be traded with these`);
  }
  const assets = artifacts[0].pool.filter((a) => artifacts[1].pool.includes(a));
  if (assets.length === 0)
    throw new UserError(
      `${o.ids[0]} and ${o.ids[1]} share no asset (${artifacts[0].pool.join(', ')} vs ${artifacts[1].pool.join(', ')}): nothing to compare them on`,
    );
  const tf = o.config.timeframe;
  const barMs = timeframeMs(tf);
  const from = Math.ceil((Math.max(...artifacts.map((a) => Date.parse(a.trainedThrough))) + o.config.models.embargoHours * 3_600_000) / barMs) * barMs;
  const to = Math.min(...assets.map((a) => (o.store.candles.range(a, tf).at(-1)?.time ?? 0) + barMs));
  if (to - from < 7 * 86_400_000) {
    throw new UserError(`no test block: both were trained through ${isoDay(from)}, and the stored candles end ${isoDay(to)} (a week at least is needed)`, {
      hint: `download newer candles (bot data download --assets ${assets.join(' ')}), then compare again`,
    });
  }
  const config = { ...o.config, assets };
  const models: ComparedModel[] = [];
  for (const [k, a] of artifacts.entries()) {
    const loaded = await productionScorers({
      config,
      store: o.store,
      modelsDir: o.modelsDir,
      logger: o.logger,
      mode: { kind: 'cached', from, to },
      runtime: o.runtime,
      artifacts: new Map(assets.map((s) => [s, a])),
    });
    try {
      const said = new Map(assets.map((s) => [s, [] as JudgedProposal[]]));
      const scorers = new Map([...loaded.scorers].map(([s, scorer]) => [s, recording(scorer, said.get(s)!)]));
      const run = await runBacktest({ config, source: o.store, from, to, scorers, runId: `compare-${k}`, logger: o.logger });
      const p: number[] = [];
      const y: (0 | 1)[] = [];
      for (const s of assets) {
        const judged = judgeProposals(said.get(s)!, o.store.candles.range(s, tf, from, to), a.label.horizonBars * barMs, a.label.roundTripCost);
        p.push(...judged.p);
        y.push(...judged.y);
      }
      models.push({
        id: o.ids[k]!,
        trainedThrough: a.trainedThrough,
        horizonBars: a.label.horizonBars,
        minConfidence: a.minConfidence,
        trading: periodFigures(run, from, to),
        predictions: predictionQuality(p, y, { ...o.config.models.drift, minPredictions: 1 }),
      });
    } finally {
      loaded.dispose();
    }
  }
  const rule = await runBacktest({ config, source: o.store, from, to, runId: 'compare-rule', logger: o.logger });
  return {
    assets,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    models: models as [ComparedModel, ComparedModel],
    rule: periodFigures(rule, from, to),
  };
}
