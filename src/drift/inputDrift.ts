import { featureShift } from './distributionShift.js';
import { finiteOrNull, levelOf, worstLevel, type DriftLevel, type Thresholds } from './driftLevel.js';
import type { FeatureBins } from './featureReference.js';

export interface InputDriftThresholds {
  readonly psi: Thresholds;
  readonly ks: Thresholds;
  /** Input drift is at the worst level that at least this share of the features reach. */
  readonly featureShare: number;
}

export interface FeatureDrift {
  readonly feature: string;
  readonly psi: number | null;
  readonly ks: number | null;
  readonly level: DriftLevel;
}

export interface InputDrift {
  /** Live rows compared. */
  readonly rows: number;
  readonly features: readonly FeatureDrift[];
  /** Share of the features at warning or worse, and at drifted. */
  readonly warningShare: number;
  readonly driftedShare: number;
  readonly level: DriftLevel;
}

/**
 * Each feature's live values (one column per feature, in the reference's order) against its training
 * bins: PSI and KS, and the level each reaches. One feature moving is common (a volatility regime); the
 * inputs have drifted when a share of them has.
 */
export function inputDrift(
  reference: readonly FeatureBins[],
  columns: readonly string[],
  live: readonly ArrayLike<number>[],
  t: InputDriftThresholds,
): InputDrift {
  const features = reference.map((bins, c) => {
    const s = featureShift(bins, live[c] ?? []);
    const psi = finiteOrNull(s.psi);
    const ks = finiteOrNull(s.ks);
    return { feature: columns[c] ?? `#${c}`, psi, ks, level: worstLevel([levelOf(psi, t.psi), levelOf(ks, t.ks)]) };
  });
  const known = features.filter((f) => f.level !== 'unknown');
  const share = (levels: DriftLevel[]) => (known.length ? known.filter((f) => levels.includes(f.level)).length / known.length : 0);
  const warningShare = share(['warning', 'drifted']);
  const driftedShare = share(['drifted']);
  const rows = live.reduce((n, col) => Math.max(n, Array.from(col).filter((v) => !Number.isNaN(v)).length), 0);
  const level: DriftLevel = known.length === 0 ? 'unknown' : driftedShare >= t.featureShare ? 'drifted' : warningShare >= t.featureShare ? 'warning' : 'ok';
  return { rows, features, warningShare, driftedShare, level };
}
