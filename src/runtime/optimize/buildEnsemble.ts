import { EnsembleCombiner } from '../../ensemble/combine/ensembleCombiner.js';
import { fitEnsemble } from '../../ensemble/combine/fitEnsemble.js';
import { memberOfModelKind, type EnsembleMember } from '../../ensemble/combine/members.js';
import { ENSEMBLE_FORMAT, type EnsembleArtifact } from '../../ensemble/ensembleArtifact.js';
import { chooseEntryThreshold } from '../../ensemble/entryThreshold.js';
import type { AssetDataset, SampleBlock } from '../../models/dataset/assetDataset.js';
import { classificationScores } from '../../models/pipeline/blockScores.js';
import { AssetRegimeDetector, regimesOf } from '../../regime/index.js';
import type { AssetTraining } from './trainAsset.js';

export interface BuiltEnsemble {
  readonly artifact: EnsembleArtifact;
  /** Calibrated P(up) of the ensemble on the test block. */
  readonly testProbability: Float64Array;
  /** Asset regime at each test sample. */
  readonly testRegimes: readonly string[];
}

const iso = (t: number) => new Date(t).toISOString();

function range(d: AssetDataset, b: SampleBlock) {
  return { from: iso(d.times[b.ends[0] ?? 0] as number), to: iso(d.times[b.ends[b.ends.length - 1] ?? 0] as number), samples: b.ends.length };
}

/** Per-sample asset regime of a block; regimes come from the detector run over the whole history (causal). */
export function blockRegimes(regimes: ReadonlyArray<string | undefined>, b: SampleBlock): string[] {
  return Array.from(b.ends, (end) => regimes[end] ?? 'ranging');
}

function combined(combiner: EnsembleCombiner, regimes: readonly string[], p: ReadonlyMap<EnsembleMember, ArrayLike<number>>): Float64Array {
  return Float64Array.from(regimes, (regime, i) => {
    const probabilities: Partial<Record<EnsembleMember, number>> = {};
    for (const [m, v] of p) probabilities[m] = v[i] as number;
    return combiner.combine({ regime, probabilities }).probability ?? Number.NaN;
  });
}

/**
 * Fit the ensemble of an asset's freshly trained members plus the rule-based strategy on the validation
 * block, choose its entry threshold there, and score it on the test block, which nothing was fitted on.
 */
export function buildEnsemble(
  t: AssetTraining,
  o: { version: string; createdAt: number; barMs: number; roundTripCost: number },
): BuiltEnsemble {
  const d = t.dataset;
  const val = new Map<EnsembleMember, ArrayLike<number>>();
  const test = new Map<EnsembleMember, ArrayLike<number>>();
  const members: Partial<Record<EnsembleMember, string>> = { fallback: 'fallback' };
  for (const m of t.members) {
    const name = memberOfModelKind(m.kind);
    val.set(name, m.member.validation.pUp);
    test.set(name, m.member.test.pUp);
    members[name] = m.version?.id ?? `${m.kind} (walk-forward fold, not saved)`;
  }
  val.set('fallback', t.fallback.validation);
  test.set('fallback', t.fallback.test);

  const regimes = regimesOf(t.bars, () => new AssetRegimeDetector());
  const valRegimes = blockRegimes(regimes, d.validation);
  const testRegimes = blockRegimes(regimes, d.test);
  const spec = fitEnsemble({
    members: [...val.keys()],
    validation: {
      time: Float64Array.from(d.validation.ends, (e) => d.times[e] as number),
      y: Uint8Array.from(d.validation.labels),
      regime: valRegimes,
      p: Object.fromEntries([...val].map(([k, v]) => [k, Float64Array.from(v)])),
      forwardReturn: Float64Array.from(d.validation.forwardReturns),
    },
    options: { horizonMs: d.horizon * o.barMs },
  });
  const combiner = new EnsembleCombiner(spec);
  const entry = chooseEntryThreshold(combined(combiner, valRegimes, val), d.validation.forwardReturns, o.roundTripCost);
  const testProbability = combined(combiner, testRegimes, test);
  const metrics = {
    ...classificationScores('test', testProbability, d.test),
    'validation.entry.trades': entry.trades,
    'validation.entry.meanNet': entry.meanNet,
    ...t.baselines,
  };
  const artifact: EnsembleArtifact = {
    format: ENSEMBLE_FORMAT,
    asset: t.asset,
    version: o.version,
    createdAt: iso(o.createdAt),
    featureSchemaHash: d.featureSchemaHash,
    horizon: d.horizon,
    members,
    spec,
    minConfidence: entry.threshold,
    ranges: { train: range(d, d.train), validation: range(d, d.validation), test: range(d, d.test) },
    metrics: Object.fromEntries(Object.entries(metrics).map(([k, v]) => [k, Number.isFinite(v) ? v : null])),
  };
  return { artifact, testProbability, testRegimes };
}
