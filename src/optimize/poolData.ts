import type { Bar } from '../domain/bar.js';
import type { Config } from '../config/schema.js';
import { metaFeatureSet } from '../features/metaFeatureSet.js';
import { UserError } from '../internal/errors.js';
import type { Logger } from '../internal/logger.js';
import { assetSamples } from '../models/dataset/assetSamples.js';
import { pooledSeries, type PooledSeries } from '../models/dataset/pooledSeries.js';
import { AssetRegimeDetector, regimesOf } from '../regime/index.js';
import type { Store } from '../store/store.js';
import { trendDecisions } from '../strategy/trendDecisions.js';
import type { PipelineSettings } from './settings.js';

/** One asset's trading decisions (the strategy's own cadence, flat ones included): what sized P&L is simulated on. */
export interface TradedDecisions {
  /** Open time of each decision bar. */
  readonly time: Float64Array;
  /** side x exposure; 0 when the strategy is flat. */
  readonly signed: Float64Array;
  /** Close at the next decision over the close now, - 1: what the position held until then earns. */
  readonly nextReturn: Float64Array;
  /** When that return is known: the close time of the next decision bar. */
  readonly nextKnownAt: Float64Array;
  /** Index into the asset's samples (-1 when flat). */
  readonly sample: Int32Array;
}

/** Everything a run trains on, computed once: features, samples and labels, regimes, decisions. */
export interface PoolData {
  /** The pool's assets, in the pool's order (the order of series.assets). */
  readonly pool: readonly string[];
  readonly series: PooledSeries;
  readonly lead: readonly Bar[] | undefined;
  /** Each asset's regime per bar, as the engine holds it (the last confirmed one). */
  readonly regimes: readonly (readonly string[])[];
  readonly traded: readonly TradedDecisions[];
  /** Close time of the last bar every asset of the pool has. */
  readonly end: number;
}

function tradedDecisions(bars: readonly Bar[], decisions: ReturnType<typeof trendDecisions>, barMs: number): TradedDecisions {
  let sample = 0;
  const sampleOf = new Map<number, number>();
  for (const d of decisions) if (d.decision.exposure > 0) sampleOf.set(d.index, sample++);
  const rebalances = decisions.filter((d) => d.rebalance);
  const next = (k: number) => rebalances[k + 1];
  return {
    time: Float64Array.from(rebalances, (d) => (bars[d.index] as Bar).time),
    signed: Float64Array.from(rebalances, (d) => (d.decision.exposure > 0 ? (d.decision.strength > 0 ? 1 : -1) * d.decision.exposure : 0)),
    nextReturn: Float64Array.from(rebalances, (d, k) => {
      const n = next(k);
      return n ? (bars[n.index] as Bar).close / (bars[d.index] as Bar).close - 1 : Number.NaN;
    }),
    nextKnownAt: Float64Array.from(rebalances, (_, k) => {
      const n = next(k);
      return n ? (bars[n.index] as Bar).time + barMs : Number.NaN;
    }),
    sample: Int32Array.from(rebalances, (d) => sampleOf.get(d.index) ?? -1),
  };
}

function withLastRegime(bars: readonly Bar[]): string[] {
  let last = 'ranging';
  return regimesOf(bars, () => new AssetRegimeDetector()).map((r) => (last = r ?? last));
}

/** Read the pool's candles (and the market lead's) and derive everything the folds train on. */
export function loadPool(store: Store, config: Config, s: PipelineSettings, pool: readonly string[], logger: Logger, to = Number.MAX_SAFE_INTEGER): PoolData {
  const tf = config.timeframe;
  const assets = pool.map((symbol) => {
    const bars = store.candles.range(symbol, tf, 0, to);
    if (bars.length === 0) {
      throw new UserError(`no ${symbol} ${tf} candles in the store to train on`, {
        hint: `import them (bot data import FILE --symbol ${symbol} --timeframe ${tf}) or download them (bot data download --assets ${symbol})`,
      });
    }
    return { symbol, bars };
  });
  const leadSymbol = config.marketLead;
  const lead = leadSymbol ? (assets.find((a) => a.symbol === leadSymbol)?.bars ?? store.candles.range(leadSymbol, tf, 0, to)) : undefined;
  const useLead = leadSymbol !== null && lead !== undefined && lead.length > 0;
  if (leadSymbol && !useLead) logger.warn('training without lead features: no lead candles stored', { lead: leadSymbol });
  const featureSet = metaFeatureSet(s.barMs, {
    tiers: config.portfolio.tiers,
    lead: useLead && leadSymbol ? { symbol: leadSymbol, prefix: leadSymbol.split('/')[0]?.toLowerCase() ?? 'lead' } : null,
  });

  const traded: TradedDecisions[] = [];
  const inputs = assets.map(({ symbol, bars }) => {
    const decisions = trendDecisions(bars, config.strategy, s.barMs, s.models.sampleHours);
    traded.push(tradedDecisions(bars, decisions, s.barMs));
    return { symbol, bars, samples: assetSamples(symbol, bars, decisions, { horizonsBars: s.horizonsBars, roundTripCost: s.roundTripCost, barMs: s.barMs }) };
  });
  const series = pooledSeries(featureSet, inputs, useLead ? lead : undefined);
  const end = Math.min(...assets.map((a) => (a.bars.at(-1) as Bar).time + s.barMs));
  logger.info('pool', {
    assets: pool,
    features: featureSet.columns.length,
    samples: Object.fromEntries(inputs.map((a) => [a.symbol, a.samples.index.length])),
    lead: useLead ? leadSymbol : null,
  });
  return { pool, series, lead: useLead ? lead : undefined, regimes: assets.map((a) => withLastRegime(a.bars)), traded, end };
}
