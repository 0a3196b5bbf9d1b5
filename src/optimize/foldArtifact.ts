import type { StrategyConfig } from '../config/schema.js';
import { memberOfModelKind, type EnsembleMember } from '../ensemble/combine/members.js';
import { ENSEMBLE_FORMAT, ensembleArtifactSchema, type EnsembleArtifact } from '../ensemble/ensembleArtifact.js';
import type { MetaBlock } from '../models/dataset/metaDataset.js';
import type { PoolData } from './poolData.js';
import type { FoldModel } from './trainFold.js';
import { isoTime } from './settings.js';

/** The period and size of a block, as artifacts and model files record it. */
export function blockRange(b: MetaBlock) {
  return { from: isoTime(b.time[0]!), to: isoTime(b.time[b.time.length - 1]!), samples: b.ends.length };
}

/** Close time of the last bar any label of the block read. */
function lastKnown(data: PoolData, f: FoldModel, b: MetaBlock): number {
  let last = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < b.ends.length; i++) {
    const a = data.series.assets[b.asset[i]!]!;
    last = Math.max(last, a.samples.labels.get(f.horizon.horizonBars)!.knownAt[b.sample[i]!]!);
  }
  return last;
}

export interface FoldArtifactOptions {
  readonly version: string;
  readonly createdAt: number;
  /** Registry ids of the saved members; a fold that is not saved names them by kind. */
  readonly memberIds?: Partial<Record<EnsembleMember, string>>;
  readonly strategy: StrategyConfig;
  readonly roundTripCost: number;
  readonly metrics: Readonly<Record<string, number | null>>;
}

/** The artifact of a fold's ensemble: what the daemon loads if it is promoted, and what the walk-forward scores with. */
export function foldArtifact(data: PoolData, f: FoldModel, o: FoldArtifactOptions): EnsembleArtifact {
  const members: Partial<Record<EnsembleMember, string>> = { rule: 'rule' };
  for (const m of f.members) {
    const name = memberOfModelKind(m.kind);
    members[name] = o.memberIds?.[name] ?? `${m.kind} (walk-forward fold, not saved)`;
  }
  const d = f.dataset;
  const artifact: EnsembleArtifact = {
    format: ENSEMBLE_FORMAT,
    pool: [...data.pool],
    version: o.version,
    createdAt: isoTime(o.createdAt),
    featureSchemaHash: data.series.featureSchemaHash,
    strategy: { ...o.strategy },
    label: { horizonBars: f.horizon.horizonBars, roundTripCost: o.roundTripCost },
    members,
    ruleBaseRate: { ...f.baseRates },
    spec: f.spec,
    minConfidence: f.entry.threshold,
    trainedThrough: isoTime(Math.max(lastKnown(data, f, d.train), lastKnown(data, f, d.validation))),
    ranges: { train: blockRange(d.train), validation: blockRange(d.validation) },
    metrics: Object.fromEntries(Object.entries(o.metrics).map(([k, v]) => [k, v !== null && Number.isFinite(v) ? v : null])),
  };
  // What is saved must load: parse here, so that a bad artifact fails at fit time, not in the daemon.
  return ensembleArtifactSchema.parse(JSON.parse(JSON.stringify(artifact)));
}
