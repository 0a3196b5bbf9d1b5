import {
  DEFAULT_FEATURE_SET_OPTIONS,
  DEFAULT_FEATURE_SPECS,
  DEFAULT_LEAD_SPECS,
  defineFeatureSet,
  type FeatureSet,
  type FeatureSetOptions,
  type FeatureSpecInput,
} from './featureSet.js';

const HOUR = 3_600_000;

/**
 * The columns the meta-labelling models read besides the standard ones: the trend the rule-based strategy
 * votes on (returns over a week, a month and a quarter, the lookbacks of the strategy's defaults), a month
 * of realised volatility (what its exposure is scaled by), and the lead's week and month. The models judge
 * a trade held for days; the standard columns see at most a day back.
 */
export function trendContextSpecs(barMs: number, lead: boolean): FeatureSpecInput[] {
  const bars = (days: number) => Math.max(1, Math.round((days * 24 * HOUR) / barMs));
  return [
    { kind: 'return', params: { bars: bars(7) } },
    { kind: 'return', params: { bars: bars(30) } },
    { kind: 'return', params: { bars: bars(90) } },
    { kind: 'realized_vol', params: { period: bars(30) } },
    ...(lead
      ? [
          { kind: 'return', params: { bars: bars(7) }, source: 'lead' as const },
          { kind: 'return', params: { bars: bars(30) }, source: 'lead' as const },
        ]
      : []),
  ];
}

/**
 * The feature set of the meta-labelling models: the standard set (with the asset's tier, so that a model
 * pooled over assets knows which kind of asset a row is) and the trend context.
 */
export function metaFeatureSet(barMs: number, options: Partial<FeatureSetOptions> = {}): FeatureSet {
  const opts = { ...DEFAULT_FEATURE_SET_OPTIONS, ...options };
  const lead = opts.lead !== null;
  return defineFeatureSet([...DEFAULT_FEATURE_SPECS, ...(lead ? DEFAULT_LEAD_SPECS : []), ...trendContextSpecs(barMs, lead)], opts);
}
