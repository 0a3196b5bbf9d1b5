import type { Symbol } from '../../domain/bar.js';
import type { Config } from '../../config/schema.js';
import { timeframeMs } from '../../domain/timeframe.js';
import type { EnsembleMember } from '../../ensemble/combine/members.js';
import { judgesStrategy, type EnsembleArtifact } from '../../ensemble/ensembleArtifact.js';
import type { Scorer } from '../../ensemble/scorer.js';
import { UserError } from '../../internal/errors.js';
import type { Logger } from '../../internal/logger.js';
import type { InferenceRuntime } from '../../models/inference/inferenceRuntime.js';
import type { Store } from '../../store/store.js';
import { trendDecisions } from '../../strategy/trendDecisions.js';
import { TrendScorer } from '../../strategy/trendScorer.js';
import { byBarTime, CachedMembers } from './cachedMembers.js';
import { readProductionEnsemble } from './ensembleFiles.js';
import { EnsembleScorer, LiveMembers } from './ensembleScorer.js';
import { loadEnsemble, type LoadedEnsemble } from './loadEnsemble.js';
import { memberPredictions } from './memberPredictions.js';

export interface ProductionScorers {
  readonly scorers: Map<Symbol, Scorer>;
  /** Asset -> the ensemble that judges its trades; assets without one are traded by the rule-based strategy alone. */
  readonly versions: Record<string, string>;
  dispose(): void;
}

export interface ProductionScorerOptions {
  readonly config: Config;
  readonly store: Store;
  readonly modelsDir: string;
  readonly logger: Logger;
  /**
   * live: the daemon computes every member's prediction as bars arrive. cached: a backtest reads them from
   * the prediction cache for [from, to), computing and storing once what is missing.
   */
  readonly mode: { kind: 'live' } | { kind: 'cached'; from: number; to: number };
  /** Runs the member models, live and into the cache alike: chosen once at start-up. */
  readonly runtime: InferenceRuntime;
  /** The ensemble of each asset, when not its production file's (a hot reload, a comparison). */
  readonly artifacts?: ReadonlyMap<Symbol, EnsembleArtifact | undefined>;
}

/** The strategy an ensemble was trained to judge must be the one that trades: its trades are what it knows. */
function checkStrategy(config: Config, a: EnsembleArtifact, asset: string): void {
  if (!judgesStrategy(a, config.strategy)) {
    throw new UserError(`the production ensemble of ${asset} (${a.version}) judges the trades of other strategy settings than the config's`, {
      hint: `run bot optimize again, or set strategy back to ${JSON.stringify(a.strategy)}`,
    });
  }
}

/** Each asset's production ensemble as a scorer; an asset without one is left to the rule-based strategy. */
export async function productionScorers(o: ProductionScorerOptions): Promise<ProductionScorers> {
  const scorers = new Map<Symbol, Scorer>();
  const versions: Record<string, string> = {};
  const loaded = new Map<string, LoadedEnsemble>();
  const barMs = timeframeMs(o.config.timeframe);
  const rule = new TrendScorer(barMs, o.config.strategy);
  try {
    for (const asset of o.config.assets) {
      const artifact = o.artifacts ? o.artifacts.get(asset) : readProductionEnsemble(o.modelsDir, asset);
      if (!artifact) continue;
      checkStrategy(o.config, artifact, asset);
      // The assets of a pool share their member models: load them once.
      const key = `${artifact.pool.join('+')}/${artifact.version}`;
      let e = loaded.get(key);
      if (!e) {
        e = await loadEnsemble(o.modelsDir, o.store, artifact, o.runtime);
        loaded.set(key, e);
      }
      const members = o.mode.kind === 'live' ? new LiveMembers(e, asset) : new CachedMembers(await cachedPredictions(o, e, asset, o.mode.from, o.mode.to));
      scorers.set(asset, new EnsembleScorer({ artifact, combiner: e.combiner }, asset, members, rule, barMs));
      versions[asset] = `ensemble ${artifact.version} (${Object.values(artifact.members).join(', ')})`;
    }
  } catch (err) {
    for (const e of loaded.values()) e.dispose();
    throw err;
  }
  return { scorers, versions, dispose: () => loaded.forEach((e) => e.dispose()) };
}

/**
 * Member predictions at the bars of [from, to) where the strategy proposes a trade (the only bars the
 * ensemble judges): from the cache, or computed ahead of the loop in large batches, bit for bit as the
 * daemon computes them one window at a time on the same runtime, and cached under that runtime.
 */
async function cachedPredictions(o: ProductionScorerOptions, e: LoadedEnsemble, asset: Symbol, from: number, to: number) {
  const tf = o.config.timeframe;
  const bars = o.store.candles.range(asset, tf, 0, to);
  const proposals = trendDecisions(bars, o.config.strategy, timeframeMs(tf)).filter(
    (d) => d.rebalance && d.decision.exposure > 0 && (bars[d.index]?.time as number) >= from && d.index >= e.windowLength - 1,
  );
  const ends = Int32Array.from(proposals, (d) => d.index);
  const times = Array.from(ends, (i) => bars[i]?.time as number);
  const predictions = new Map<EnsembleMember, Float64Array>();
  let missing = false;
  for (const [member, id] of e.modelIds) {
    const cached = new Map(
      o.store.predictions.range({ modelId: id, runtime: e.runtime, symbol: asset, timeframe: tf }, from, to).map((c) => [c.barTime, c.pUp]),
    );
    if (times.some((t) => !cached.has(t))) missing = true;
    predictions.set(
      member,
      Float64Array.from(times, (t) => cached.get(t) ?? Number.NaN),
    );
  }
  if (missing) {
    const lead = e.featureSet.options.lead?.symbol;
    const leadBars = lead && lead !== asset ? o.store.candles.range(lead, tf, 0, to) : undefined;
    const computed = await memberPredictions(e, asset, bars, leadBars, ends);
    for (const [member, p] of computed) {
      const id = e.modelIds.get(member);
      if (!id) continue;
      const rows = times.map((barTime, i) => ({ barTime, pUp: p.pUp[i] as number, expectedReturn: p.expectedReturn?.[i] ?? null }));
      o.store.predictions.put(
        { modelId: id, runtime: e.runtime, symbol: asset, timeframe: tf },
        rows.filter((r) => Number.isFinite(r.pUp)),
      );
      predictions.set(member, Float64Array.from(p.pUp));
    }
    o.logger.info('predictions cached', { asset, ensemble: e.artifact.version, runtime: e.runtime, bars: ends.length });
  }
  return byBarTime(times, predictions);
}
