/** How far a model has moved from what it was trained and validated on; unknown: not enough to say. */
export type DriftLevel = 'ok' | 'warning' | 'drifted' | 'unknown';

const RANK: Record<DriftLevel, number> = { unknown: -1, ok: 0, warning: 1, drifted: 2 };

/** The worse of the levels that are known (unknown only when none is). */
export function worstLevel(levels: readonly DriftLevel[]): DriftLevel {
  return levels.reduce<DriftLevel>((w, l) => (RANK[l] > RANK[w] ? l : w), 'unknown');
}

export function isWorse(a: DriftLevel, b: DriftLevel): boolean {
  return RANK[a] > RANK[b];
}

/** Where a measure starts to warn, and where it has drifted. */
export interface Thresholds {
  readonly warning: number;
  readonly drifted: number;
}

/** A measure, or null when it could not be taken (no rows, one class only). */
export const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** The level of a value against a warning and a drifted threshold, when higher is worse (lower with `lowerIsWorse`). */
export function levelOf(value: number | null, t: Thresholds, lowerIsWorse = false): DriftLevel {
  if (value === null || !Number.isFinite(value)) return 'unknown';
  const reaches = (threshold: number) => (lowerIsWorse ? value <= threshold : value >= threshold);
  return reaches(t.drifted) ? 'drifted' : reaches(t.warning) ? 'warning' : 'ok';
}
