import { z } from 'zod';
import { AdaptiveWeights, adaptiveWeightsStateSchema } from '../../ensemble/combine/adaptiveWeights.js';
import { ENSEMBLE_MEMBERS, type EnsembleMember, type MemberValues } from '../../ensemble/combine/members.js';

const pendingSchema = z.strictObject({
  time: z.number(),
  close: z.number().positive(),
  probabilities: z.partialRecord(z.enum(ENSEMBLE_MEMBERS), z.number().min(0).max(1)),
});

const onlineStateSchema = z.strictObject({
  version: z.literal(1),
  tracker: adaptiveWeightsStateSchema,
  pending: z.array(pendingSchema),
});
export type OnlineAdaptiveState = z.infer<typeof onlineStateSchema>;

/**
 * The ensemble's performance-adaptive weights kept up to date while trading, as `adaptiveVotingStream`
 * did on validation: the members' probabilities at a scored bar wait until the bar `horizon` bars later
 * has closed, then their outcome (1 when that close is higher) goes to the tracker. An outcome is never
 * released before its label is known, so no weight uses the future.
 */
export class OnlineAdaptiveWeights {
  private pending: z.infer<typeof pendingSchema>[] = [];

  constructor(
    private tracker: AdaptiveWeights,
    private readonly members: readonly EnsembleMember[],
    private readonly horizonMs: number,
  ) {}

  /** A closed bar of the asset: release every prediction whose horizon it completes. */
  observe(time: number, close: number): void {
    let released = 0;
    while (released < this.pending.length && (this.pending[released]?.time as number) + this.horizonMs <= time) {
      const p = this.pending[released] as z.infer<typeof pendingSchema>;
      this.tracker.observe(p.probabilities, close > p.close ? 1 : 0);
      released++;
    }
    if (released > 0) this.pending = this.pending.slice(released);
  }

  /** The multipliers for a decision now: from outcomes known now. */
  multipliers(): MemberValues {
    return this.tracker.multipliers([...this.members]);
  }

  /** The members' probabilities at a scored bar, to be judged `horizon` bars later. */
  predicted(time: number, close: number, probabilities: MemberValues): void {
    this.pending.push({ time, close, probabilities: { ...probabilities } });
  }

  get observations(): number {
    return this.tracker.observations;
  }

  toState(): OnlineAdaptiveState {
    return { version: 1, tracker: this.tracker.toState(), pending: this.pending.map((p) => ({ ...p, probabilities: { ...p.probabilities } })) };
  }

  /** False (and unchanged) when `data` is not a state of this kind. */
  restore(data: unknown): boolean {
    const parsed = onlineStateSchema.safeParse(data);
    if (!parsed.success) return false;
    this.tracker = AdaptiveWeights.fromState(parsed.data.tracker);
    this.pending = parsed.data.pending;
    return true;
  }
}
