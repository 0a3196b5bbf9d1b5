import type { Symbol } from '../../domain/bar.js';
import type { Config } from '../../config/schema.js';
import { timeframeMs } from '../../domain/timeframe.js';
import type { EnsembleMember } from '../../ensemble/combine/members.js';
import { FallbackScorer } from '../../ensemble/fallbackScorer.js';
import type { Scorer } from '../../ensemble/scorer.js';
import type { Logger } from '../../internal/logger.js';
import type { Store } from '../../store/store.js';
import { byBarTime, CachedMembers } from './cachedMembers.js';
import { readProductionEnsemble } from './ensembleFiles.js';
import { EnsembleScorer, LiveMembers } from './ensembleScorer.js';
import { loadEnsemble, type LoadedEnsemble } from './loadEnsemble.js';
import { memberPredictions } from './memberPredictions.js';

export interface ProductionScorers {
  readonly scorers: Map<Symbol, Scorer>;
  /** Asset -> what scores it: an ensemble version, or 'fallback'. */
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
}

/** Each asset's production ensemble as a scorer; an asset without one is left to the fallback. */
export async function productionScorers(o: ProductionScorerOptions): Promise<ProductionScorers> {
  const scorers = new Map<Symbol, Scorer>();
  const versions: Record<string, string> = {};
  const loaded: LoadedEnsemble[] = [];
  const fallback = new FallbackScorer();
  try {
    for (const asset of o.config.assets) {
      const artifact = readProductionEnsemble(o.modelsDir, asset);
      if (!artifact) {
        versions[asset] = 'fallback';
        continue;
      }
      const e = await loadEnsemble(o.modelsDir, o.store, artifact);
      loaded.push(e);
      const members = o.mode.kind === 'live' ? new LiveMembers(e, asset) : new CachedMembers(cachedPredictions(o, e, asset, o.mode.from, o.mode.to));
      scorers.set(asset, new EnsembleScorer(e, asset, members, fallback, timeframeMs(o.config.timeframe)));
      versions[asset] = `ensemble ${artifact.version} (${Object.values(artifact.members).join(', ')})`;
    }
  } catch (err) {
    for (const e of loaded) e.dispose();
    throw err;
  }
  return { scorers, versions, dispose: () => loaded.forEach((e) => e.dispose()) };
}

/** Member predictions for every bar of [from, to): from the cache, or computed in batch and cached. */
function cachedPredictions(o: ProductionScorerOptions, e: LoadedEnsemble, asset: Symbol, from: number, to: number) {
  const tf = o.config.timeframe;
  const bars = o.store.candles.range(asset, tf, 0, to);
  const times = bars.map((b) => b.time).filter((t) => t >= from);
  const predictions = new Map<EnsembleMember, Float64Array>();
  let missing = false;
  for (const [member, id] of e.modelIds) {
    const cached = new Map(o.store.predictions.range(id, asset, tf, from, to).map((c) => [c.barTime, c.pUp]));
    if (cached.size < times.length) missing = true;
    predictions.set(member, Float64Array.from(times, (t) => cached.get(t) ?? Number.NaN));
  }
  if (missing) {
    const lead = e.featureSet.options.lead?.symbol;
    const leadBars = lead && lead !== asset ? o.store.candles.range(lead, tf, 0, to) : undefined;
    const first = bars.length - times.length;
    const ends = Int32Array.from(times.map((_, i) => first + i)).filter((i) => i >= e.windowLength - 1);
    const computed = memberPredictions(e, asset, bars, leadBars, ends, { asLive: true });
    for (const [member, p] of computed) {
      const id = e.modelIds.get(member);
      if (!id) continue;
      const rows = Array.from(ends, (end, i) => ({ barTime: bars[end]?.time as number, pUp: p.pUp[i] as number, expectedReturn: p.expectedReturn?.[i] ?? null }));
      o.store.predictions.put(id, asset, tf, rows.filter((r) => Number.isFinite(r.pUp)));
      const values = predictions.get(member) ?? new Float64Array(times.length).fill(Number.NaN);
      ends.forEach((end, i) => (values[end - first] = p.pUp[i] as number));
      predictions.set(member, values);
    }
    o.logger.info('predictions cached', { asset, ensemble: e.artifact.version, bars: ends.length });
  }
  return byBarTime(times, predictions);
}
