import { z } from 'zod';
import { featureReferenceSchema } from '../drift/featureReference.js';
import { UserError } from '../internal/errors.js';
import { assetDirectoryName } from '../models/persistence/layout.js';
import { ensembleSpecSchema } from './combine/ensembleSpec.js';
import { ENSEMBLE_MEMBERS } from './combine/members.js';

/** 2: meta-labelling (the ensemble judges the rule-based strategy's trades). 1 predicted P(up) and is refused. */
export const ENSEMBLE_FORMAT = 2;

const isoTime = z.iso.datetime({ offset: true });
const range = z.strictObject({ from: isoTime, to: isoTime, samples: z.number().int().min(0) });

/**
 * models/ensemble/<pool>/<version>.json (every version) and models/ensemble/<asset>.json (production, one
 * per asset of the pool): which model versions are the members, how they are combined and calibrated, the
 * entry threshold fitted on validation, and how it did.
 */
export const ensembleArtifactSchema = z.strictObject({
  format: z.literal(ENSEMBLE_FORMAT),
  /** The assets the members were trained on together; the ensemble judges trades of these only. */
  pool: z.array(z.string().min(1)).min(1),
  version: z.string().min(1),
  createdAt: isoTime,
  featureSchemaHash: z.string().min(1),
  /** The rule-based strategy's settings: the trades the ensemble learnt to judge are that strategy's. */
  strategy: z.record(z.string(), z.unknown()),
  /** What a member's probability is of: the strategy's trade, held horizonBars, beating roundTripCost. */
  label: z.strictObject({ horizonBars: z.number().int().min(1), roundTripCost: z.number().min(0) }),
  /** Member -> registry id of its model version ('rule' is the rule-based strategy, no model). */
  members: z.partialRecord(z.enum(ENSEMBLE_MEMBERS), z.string().min(1)),
  /** The rule member's probability per asset: how often its trades beat their costs in the training block. */
  ruleBaseRate: z.record(z.string(), z.number().min(0).max(1)),
  spec: ensembleSpecSchema,
  /**
   * Below this confidence the ensemble takes no trade: chosen on validation as the threshold, at or above
   * the lowest risk tier, whose trades had the best mean return after costs (above 1: none earned).
   */
  minConfidence: z.number().min(0.5).max(1.01),
  /** Close time of the last bar any training or validation label read: only later bars can judge it. */
  trainedThrough: isoTime,
  ranges: z.strictObject({ train: range, validation: range }),
  metrics: z.record(z.string(), z.number().nullable()),
  /** The training window's feature distribution per asset, for drift monitoring (absent in ensembles built before it). */
  reference: featureReferenceSchema.optional(),
});

export type EnsembleArtifact = z.infer<typeof ensembleArtifactSchema>;

/** Whether the ensemble was trained on the trades of these strategy settings (the only ones it can judge). */
export function judgesStrategy(a: Pick<EnsembleArtifact, 'strategy'>, strategy: object): boolean {
  const canonical = (o: object) => JSON.stringify(Object.fromEntries(Object.entries(o).sort(([x], [y]) => x.localeCompare(y))));
  return canonical(a.strategy) === canonical(strategy);
}

/** An ensemble judges the trades of its pool's assets only. */
export function assertInPool(a: Pick<EnsembleArtifact, 'pool' | 'version'>, asset: string): void {
  if (!a.pool.includes(asset)) throw new Error(`ensemble ${a.version} was trained on ${a.pool.join(', ')}, not ${asset}`);
}

/** The assets of a pool in one order, whatever order they were given in: a pool is a set. */
export function poolOf(assets: readonly string[]): string[] {
  return [...new Set(assets)].sort();
}

/** The registry's name for a pool (its models' `asset`), e.g. BTC/USD+ETH/USD+SOL/USD. */
export function poolKey(assets: readonly string[]): string {
  return poolOf(assets).join('+');
}

/** The registry id of an ensemble version, e.g. ensemble/BTC-USD-ETH-USD-SOL-USD/v3: what decisions record. */
export function ensembleId(a: Pick<EnsembleArtifact, 'pool' | 'version'>): string {
  return `ensemble/${assetDirectoryName(poolKey(a.pool))}/${a.version}`;
}

export function parseEnsembleArtifact(data: unknown, source: string): EnsembleArtifact {
  const r = ensembleArtifactSchema.safeParse(data);
  if (r.success) return r.data;
  const old = typeof data === 'object' && data !== null && (data as { format?: unknown }).format === 1;
  const issue = r.error.issues[0];
  const what = old
    ? "format 1 (an ensemble that predicted the direction; this version judges the strategy's trades)"
    : `${issue?.path.join('.') || '(top level)'}: ${issue?.message ?? 'invalid'}`;
  throw new UserError(`invalid ensemble file ${source}: ${what}`, { hint: 'run bot optimize again to rebuild it' });
}
