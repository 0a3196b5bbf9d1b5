import { z } from 'zod';
import type { Bar } from '../../domain/bar.js';
import { AdaptiveWeights, adaptiveWeightsStateSchema } from '../../ensemble/combine/adaptiveWeights.js';
import { ENSEMBLE_MEMBERS, type EnsembleMember, type MemberValues } from '../../ensemble/combine/members.js';

const pendingSchema = z.strictObject({
  time: z.number(),
  side: z.union([z.literal(1), z.literal(-1)]),
  /** The open of the bar after the decision: the trade's entry. */
  entry: z.number().positive().nullable(),
  probabilities: z.partialRecord(z.enum(ENSEMBLE_MEMBERS), z.number().min(0).max(1)),
});
type Pending = z.infer<typeof pendingSchema>;

const onlineStateSchema = z.strictObject({
  version: z.literal(2),
  tracker: adaptiveWeightsStateSchema,
  pending: z.array(pendingSchema),
});
export type OnlineAdaptiveState = z.infer<typeof onlineStateSchema>;

/**
 * The ensemble's performance-adaptive weights kept up to date while trading, as `adaptiveVotingStream`
 * did on validation: the members' probabilities for a trade the strategy proposed wait until the bar
 * `horizon` bars later has closed, then the trade's outcome (the training label: entered at the next
 * bar's open, it beat the round-trip cost) goes to the tracker. An outcome is never released before its
 * label is known, so no weight uses the future.
 */
export class OnlineAdaptiveWeights {
  private pending: Pending[] = [];

  constructor(
    private tracker: AdaptiveWeights,
    private readonly members: readonly EnsembleMember[],
    private readonly horizonMs: number,
    private readonly roundTripCost: number,
  ) {}

  /** A closed bar of the asset: give waiting trades their entry, and release every trade whose horizon it completes. */
  observe(bar: Bar): void {
    for (const p of this.pending) if (p.entry === null && bar.time > p.time) p.entry = bar.open;
    let released = 0;
    while (released < this.pending.length && (this.pending[released] as Pending).time + this.horizonMs <= bar.time) {
      const p = this.pending[released] as Pending;
      const entry = p.entry ?? bar.open;
      this.tracker.observe(p.probabilities, p.side * (bar.close / entry - 1) > this.roundTripCost ? 1 : 0);
      released++;
    }
    if (released > 0) this.pending = this.pending.slice(released);
  }

  /** The multipliers for a decision now: from outcomes known now. */
  multipliers(): MemberValues {
    return this.tracker.multipliers([...this.members]);
  }

  /** The members' probabilities for a trade proposed at `time`, to be judged `horizon` bars later. */
  predicted(time: number, side: 1 | -1, probabilities: MemberValues): void {
    this.pending.push({ time, side, entry: null, probabilities: { ...probabilities } });
  }

  get observations(): number {
    return this.tracker.observations;
  }

  toState(): OnlineAdaptiveState {
    return { version: 2, tracker: this.tracker.toState(), pending: this.pending.map((p) => ({ ...p, probabilities: { ...p.probabilities } })) };
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
