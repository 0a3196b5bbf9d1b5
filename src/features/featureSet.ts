import { z } from 'zod';
import { UserError } from '../internal/errors.js';
import type { FeatureGroup, Params } from './definitions/kind.js';
import { FEATURE_KINDS } from './definitions/registry.js';

/** Which series a feature is computed on: the symbol's own bars, or the lead asset's (BTC) bars. */
export type FeatureSource = 'self' | 'lead';

/** A feature as written by hand or read from a model file: kind, and any parameters to override. */
export interface FeatureSpecInput {
  readonly kind: string;
  readonly params?: Readonly<Record<string, number>>;
  readonly source?: FeatureSource;
}

/** A feature of a set, resolved: every parameter explicit, its columns and its exact warm-up. */
export interface FeatureSpec {
  readonly kind: string;
  readonly group: FeatureGroup;
  readonly params: Params;
  readonly source: FeatureSource;
  readonly columns: readonly string[];
  readonly warmup: number;
}

export interface LeadOptions {
  /** The lead market, e.g. "BTC/USD". */
  readonly symbol: string;
  /** Prefix of the lead columns, e.g. "btc" gives btc_logret. */
  readonly prefix: string;
}

export interface FeatureSetOptions {
  /** Tier of each symbol; symbols not listed get `defaultTier`. */
  readonly tiers: Readonly<Record<string, number>>;
  readonly defaultTier: number;
  /** Where `source: 'lead'` features come from; null when the set has none. */
  readonly lead: LeadOptions | null;
}

/** A declared, ordered list of features: the columns of every row, in this order. */
export interface FeatureSet {
  readonly version: 1;
  readonly specs: readonly FeatureSpec[];
  readonly columns: readonly string[];
  /** Leading bars of a series with at least one NaN column: the first complete row is at index `warmup`. */
  readonly warmup: number;
  readonly options: FeatureSetOptions;
}

export const DEFAULT_TIERS: Readonly<Record<string, number>> = { 'BTC/USD': 1, 'ETH/USD': 1, 'SOL/USD': 2 };

export const DEFAULT_FEATURE_SET_OPTIONS: FeatureSetOptions = {
  tiers: DEFAULT_TIERS,
  defaultTier: 3,
  lead: { symbol: 'BTC/USD', prefix: 'btc' },
};

/** The issue's feature list: per-asset features, then BTC lead returns. */
export const DEFAULT_FEATURE_SPECS: readonly FeatureSpecInput[] = [
  { kind: 'return', params: { bars: 1 } },
  { kind: 'return', params: { bars: 3 } },
  { kind: 'return', params: { bars: 6 } },
  { kind: 'return', params: { bars: 24 } },
  { kind: 'log_return', params: { lag: 0 } },
  { kind: 'log_return', params: { lag: 1 } },
  { kind: 'log_return', params: { lag: 2 } },
  { kind: 'log_return', params: { lag: 3 } },
  { kind: 'ema_z', params: { period: 12 } },
  { kind: 'ema_z', params: { period: 26 } },
  { kind: 'ema_z', params: { period: 50 } },
  { kind: 'ema_z', params: { period: 200 } },
  { kind: 'ema_cross', params: { fast: 12, slow: 26 } },
  { kind: 'ema_cross', params: { fast: 50, slow: 200 } },
  { kind: 'macd', params: { fast: 12, slow: 26, signal: 9 } },
  { kind: 'adx', params: { period: 14 } },
  { kind: 'rsi', params: { period: 6 } },
  { kind: 'rsi', params: { period: 14 } },
  { kind: 'rsi', params: { period: 24 } },
  { kind: 'stochastic', params: { period: 14, signal: 3 } },
  { kind: 'cci', params: { period: 20 } },
  { kind: 'roc', params: { period: 10 } },
  { kind: 'realized_vol', params: { period: 10 } },
  { kind: 'realized_vol', params: { period: 20 } },
  { kind: 'atr', params: { period: 14 } },
  { kind: 'bollinger', params: { period: 20, k: 2 } },
  { kind: 'drawdown', params: { period: 100 } },
  { kind: 'volume_change' },
  { kind: 'volume_ratio', params: { period: 20 } },
  { kind: 'candle_patterns' },
  { kind: 'support_resistance', params: { period: 50 } },
  { kind: 'calendar' },
  { kind: 'tier' },
];

export const DEFAULT_LEAD_SPECS: readonly FeatureSpecInput[] = [
  { kind: 'log_return', params: { lag: 0 }, source: 'lead' },
  { kind: 'log_return', params: { lag: 1 }, source: 'lead' },
  { kind: 'return', params: { bars: 6 }, source: 'lead' },
  { kind: 'return', params: { bars: 24 }, source: 'lead' },
];

function describeZodError(err: z.ZodError): string {
  return err.issues.map((i) => `${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`).join('; ');
}

/** Resolve and check a list of features; unknown kinds, bad parameters and repeated columns are refused. */
export function defineFeatureSet(inputs: readonly FeatureSpecInput[], options: Partial<FeatureSetOptions> = {}): FeatureSet {
  const opts: FeatureSetOptions = { ...DEFAULT_FEATURE_SET_OPTIONS, ...options };
  const specs: FeatureSpec[] = [];
  const seen = new Set<string>();
  inputs.forEach((input, i) => {
    const kind = FEATURE_KINDS.get(input.kind);
    if (!kind) {
      throw new UserError(`feature ${i}: unknown kind '${input.kind}'`, {
        hint: `known kinds: ${[...FEATURE_KINDS.keys()].join(', ')}`,
      });
    }
    const source = input.source ?? 'self';
    if (source === 'lead' && !opts.lead) {
      throw new UserError(`feature ${i} (${input.kind}) reads the lead asset, but the feature set has no lead`, {
        hint: 'set options.lead (e.g. { symbol: "BTC/USD", prefix: "btc" }) or drop the lead features',
      });
    }
    let params: Params;
    try {
      params = kind.resolve(input.params ?? {});
    } catch (err) {
      if (err instanceof z.ZodError) throw new UserError(`feature ${i} (${input.kind}): bad parameters: ${describeZodError(err)}`);
      throw err;
    }
    const base = kind.columns(params);
    const columns = source === 'lead' && opts.lead ? base.map((c) => `${opts.lead?.prefix}_${c}`) : base;
    for (const c of columns) {
      if (seen.has(c)) throw new UserError(`feature ${i} (${input.kind}): column '${c}' appears twice in the feature set`);
      seen.add(c);
    }
    specs.push({ kind: kind.kind, group: kind.group, params, source, columns, warmup: kind.warmup(params) });
  });
  return {
    version: 1,
    specs,
    columns: specs.flatMap((s) => s.columns),
    warmup: specs.reduce((w, s) => Math.max(w, s.warmup), 0),
    options: opts,
  };
}

/**
 * The standard set: every per-asset feature of the issue, plus BTC lead returns unless `lead` is null.
 * For BTC itself the lead series is its own history, so every asset shares one schema.
 */
export function defaultFeatureSet(options: Partial<FeatureSetOptions> = {}): FeatureSet {
  const opts = { ...DEFAULT_FEATURE_SET_OPTIONS, ...options };
  return defineFeatureSet(opts.lead ? [...DEFAULT_FEATURE_SPECS, ...DEFAULT_LEAD_SPECS] : DEFAULT_FEATURE_SPECS, opts);
}

export function tierOf(set: FeatureSet, symbol: string): number {
  return set.options.tiers[symbol] ?? set.options.defaultTier;
}

/** What a model file stores to rebuild its feature set. */
export interface FeatureSetJson {
  readonly version: 1;
  readonly specs: readonly { kind: string; params: Params; source: FeatureSource }[];
  readonly options: FeatureSetOptions;
}

export function featureSetToJson(set: FeatureSet): FeatureSetJson {
  return {
    version: set.version,
    specs: set.specs.map((s) => ({ kind: s.kind, params: s.params, source: s.source })),
    options: set.options,
  };
}

const featureSetJsonSchema = z.strictObject({
  version: z.literal(1),
  specs: z.array(
    z.strictObject({
      kind: z.string(),
      params: z.record(z.string(), z.number().finite()),
      source: z.enum(['self', 'lead']),
    }),
  ),
  options: z.strictObject({
    tiers: z.record(z.string(), z.number().finite()),
    defaultTier: z.number().finite(),
    lead: z.strictObject({ symbol: z.string().min(1), prefix: z.string().regex(/^[a-z][a-z0-9]*$/) }).nullable(),
  }),
});

/** Rebuild a feature set from JSON (a model file); `where` names the file in errors. */
export function featureSetFromJson(json: unknown, where = 'feature set'): FeatureSet {
  const parsed = featureSetJsonSchema.safeParse(json);
  if (!parsed.success) throw new UserError(`${where}: not a feature set: ${describeZodError(parsed.error)}`);
  return defineFeatureSet(parsed.data.specs, parsed.data.options);
}
