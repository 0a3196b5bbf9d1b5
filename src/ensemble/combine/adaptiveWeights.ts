import { z } from 'zod';
import { clipProbability } from '../../models/evaluation/probability.js';
import { ENSEMBLE_MEMBERS, type EnsembleMember, type MemberValues } from './members.js';

export const adaptiveWeightsOptionsSchema = z
  .strictObject({
    /** Observations after which an outcome counts half as much; one observation per bar makes it bars. */
    halfLife: z.number().positive(),
    /** Nats of log loss that make a factor e between two members' softmax scores. */
    temperature: z.number().positive(),
    /** Share of the multiplier that comes from hit rate rather than log loss, in [0, 1]. */
    hitRateBlend: z.number().min(0).max(1),
    /** Pseudo-observations at coin-flip skill (log loss ln 2, hit rate 1/2) every member starts with. */
    priorWeight: z.number().nonnegative(),
    min: z.number().positive(),
    max: z.number().positive(),
  })
  .refine((o) => o.min <= 1 && o.max >= 1, { message: 'min must be <= 1 <= max, so an unknown member keeps multiplier 1' });
export type AdaptiveWeightsOptions = z.infer<typeof adaptiveWeightsOptionsSchema>;

export const DEFAULT_ADAPTIVE_OPTIONS: AdaptiveWeightsOptions = {
  halfLife: 500,
  temperature: 0.02,
  hitRateBlend: 0.3,
  priorWeight: 50,
  min: 0.5,
  max: 2,
};

const memberStatsSchema = z.strictObject({
  /** Decayed count of outcomes seen, and decayed sums of log loss and hits over them. */
  weight: z.number().nonnegative(),
  loss: z.number().nonnegative(),
  hits: z.number().nonnegative(),
});

export const adaptiveWeightsStateSchema = z.strictObject({
  version: z.literal(1),
  options: adaptiveWeightsOptionsSchema,
  observations: z.number().int().nonnegative(),
  members: z.partialRecord(z.enum(ENSEMBLE_MEMBERS), memberStatsSchema),
});
export type AdaptiveWeightsState = z.infer<typeof adaptiveWeightsStateSchema>;

interface MemberStats {
  weight: number;
  loss: number;
  hits: number;
}

/**
 * Performance-adaptive weight multipliers from each member's recent out-of-sample record. The caller
 * observes an outcome only once it is known (the bar at t + horizon has closed), with the probabilities
 * the members gave at t; nothing here can see a label earlier than the caller hands it over.
 *
 * Each member keeps an exponentially decayed log loss and hit rate, shrunk towards a coin flip by
 * `priorWeight` pseudo-observations, so a member with little history stays near multiplier 1. The
 * multiplier blends softmax(-logloss / temperature) and hit rate, each relative to the members' mean, and
 * is clamped to [min, max]: a lucky streak can at most double a member's regime weight.
 */
export class AdaptiveWeights {
  private readonly decay: number;
  private readonly stats = new Map<EnsembleMember, MemberStats>();
  private observed = 0;

  constructor(readonly options: AdaptiveWeightsOptions = DEFAULT_ADAPTIVE_OPTIONS) {
    adaptiveWeightsOptionsSchema.parse(options);
    this.decay = 2 ** (-1 / options.halfLife);
  }

  /** Revives a persisted tracker; throws a ZodError naming the bad field. */
  static fromState(data: unknown): AdaptiveWeights {
    const state = adaptiveWeightsStateSchema.parse(data);
    const tracker = new AdaptiveWeights(state.options);
    tracker.observed = state.observations;
    for (const m of ENSEMBLE_MEMBERS) {
      const s = state.members[m];
      if (s !== undefined) tracker.stats.set(m, { ...s });
    }
    return tracker;
  }

  get observations(): number {
    return this.observed;
  }

  /** One realised outcome: `label` (1 = the trade beat its costs) of the bar at which the members said `probabilities`. */
  observe(probabilities: MemberValues, label: number): void {
    if (label !== 0 && label !== 1) throw new RangeError(`AdaptiveWeights.observe: label is ${label}, expected 0 or 1`);
    for (const s of this.stats.values()) {
      s.weight *= this.decay;
      s.loss *= this.decay;
      s.hits *= this.decay;
    }
    for (const m of ENSEMBLE_MEMBERS) {
      const p = probabilities[m];
      if (p === undefined) continue;
      if (!(p >= 0 && p <= 1)) throw new RangeError(`AdaptiveWeights.observe: probability of ${m} is ${p}`);
      const s = this.stats.get(m) ?? { weight: 0, loss: 0, hits: 0 };
      const c = clipProbability(p);
      s.weight += 1;
      s.loss -= label === 1 ? Math.log(c) : Math.log(1 - c);
      // A probability of exactly 1/2 calls nothing: half a hit, as a coin would score.
      s.hits += p === 0.5 ? 0.5 : p > 0.5 === (label === 1) ? 1 : 0;
      this.stats.set(m, s);
    }
    this.observed++;
  }

  /** Shrunk decayed log loss and hit rate of a member; a coin flip's when it has no record. */
  record(member: EnsembleMember): { logLoss: number; hitRate: number; effectiveCount: number } {
    const s = this.stats.get(member) ?? { weight: 0, loss: 0, hits: 0 };
    const prior = this.options.priorWeight;
    const denominator = s.weight + prior;
    if (denominator === 0) return { logLoss: Math.LN2, hitRate: 0.5, effectiveCount: 0 };
    return {
      logLoss: (s.loss + prior * Math.LN2) / denominator,
      hitRate: (s.hits + prior * 0.5) / denominator,
      effectiveCount: s.weight,
    };
  }

  /**
   * Multipliers of `members` (default: every member observed so far), relative to their mean so that
   * members doing equally well all get 1. Members never observed get 1 too.
   */
  multipliers(members: readonly EnsembleMember[] = [...this.stats.keys()]): Record<EnsembleMember, number> {
    const out = Object.fromEntries(ENSEMBLE_MEMBERS.map((m) => [m, 1])) as Record<EnsembleMember, number>;
    const known = members.filter((m) => this.stats.has(m));
    if (known.length < 2) return out;
    const { temperature, hitRateBlend, min, max } = this.options;
    const records = known.map((m) => this.record(m));
    const best = Math.min(...records.map((r) => r.logLoss));
    const soft = records.map((r) => Math.exp(-(r.logLoss - best) / temperature));
    const softMean = soft.reduce((a, b) => a + b, 0) / soft.length;
    const hitMean = records.reduce((a, r) => a + r.hitRate, 0) / records.length;
    known.forEach((m, i) => {
      const fromLoss = soft[i]! / softMean;
      const fromHits = hitMean > 0 ? records[i]!.hitRate / hitMean : 1;
      const blended = (1 - hitRateBlend) * fromLoss + hitRateBlend * fromHits;
      out[m] = Math.min(max, Math.max(min, blended));
    });
    return out;
  }

  /** Plain JSON for the daemon to persist; `fromState` reads it back. */
  toState(): AdaptiveWeightsState {
    const members: Partial<Record<EnsembleMember, MemberStats>> = {};
    for (const m of ENSEMBLE_MEMBERS) {
      const s = this.stats.get(m);
      if (s !== undefined) members[m] = { ...s };
    }
    return { version: 1, options: { ...this.options }, observations: this.observed, members };
  }
}
