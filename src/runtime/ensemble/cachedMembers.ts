import type { EnsembleMember, MemberValues } from '../../ensemble/combine/members.js';
import type { MemberSource } from './ensembleScorer.js';

/** Member probabilities read from precomputed predictions (the cache), by bar time. */
export class CachedMembers implements MemberSource {
  constructor(private readonly byTime: ReadonlyMap<number, MemberValues>) {}

  observe(): void {}

  at(barTime: number): MemberValues {
    return this.byTime.get(barTime) ?? {};
  }
}

/** Turn per-member arrays aligned with `times` into the per-bar map CachedMembers reads. */
export function byBarTime(times: ArrayLike<number>, members: ReadonlyMap<EnsembleMember, ArrayLike<number>>): Map<number, MemberValues> {
  const out = new Map<number, MemberValues>();
  for (let i = 0; i < times.length; i++) {
    const row: Partial<Record<EnsembleMember, number>> = {};
    for (const [m, values] of members) {
      const v = values[i] as number;
      if (Number.isFinite(v)) row[m] = v;
    }
    out.set(times[i] as number, row);
  }
  return out;
}
