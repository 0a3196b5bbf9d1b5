import { z } from 'zod';
import type { Bar } from '../../domain/bar.js';
import { AdaptiveWeights, adaptiveWeightsStateSchema } from '../../ensemble/combine/adaptiveWeights.js';
import { ENSEMBLE_MEMBERS, type EnsembleMember, type MemberValues } from '../../ensemble/combine/members.js';
import { TradeJudge } from './tradeJudge.js';

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
 * did on validation: the members' probabilities for a trade the strategy proposed wait in a TradeJudge
 * until the bar `horizon` bars later has closed, then the trade's outcome (the training label: entered at
 * the next bar's open, it beat the round-trip cost) goes to the tracker. An outcome is never released
 * before its label is known, so no weight uses the future.
 */
export class OnlineAdaptiveWeights {
  private readonly judge: TradeJudge<MemberValues>;
  /** The last toState() and the judge's revision it was made at: the tracker only learns when the judge changes. */
  private saved: { revision: number; state: OnlineAdaptiveState } | undefined;

  constructor(
    private tracker: AdaptiveWeights,
    private readonly members: readonly EnsembleMember[],
    horizonMs: number,
    roundTripCost: number,
  ) {
    this.judge = new TradeJudge(horizonMs, roundTripCost);
  }

  /** A closed bar of the asset: give waiting trades their entry, and release every trade whose horizon it completes. */
  observe(bar: Bar): void {
    for (const j of this.judge.observe(bar)) this.tracker.observe(j.payload, j.outcome);
  }

  /** The multipliers for a decision now: from outcomes known now. */
  multipliers(): MemberValues {
    return this.tracker.multipliers([...this.members]);
  }

  /** The members' probabilities for a trade proposed at `time`, to be judged `horizon` bars later. */
  predicted(time: number, side: 1 | -1, probabilities: MemberValues): void {
    this.judge.add(time, side, { ...probabilities });
  }

  get observations(): number {
    return this.tracker.observations;
  }

  /** The state to save: the same object until something changes, so a caller can tell an unchanged state by identity. */
  toState(): OnlineAdaptiveState {
    const revision = this.judge.revision;
    if (this.saved?.revision === revision) return this.saved.state;
    const state: OnlineAdaptiveState = {
      version: 2,
      tracker: this.tracker.toState(),
      pending: this.judge.pending.map((p) => ({ time: p.time, side: p.side, entry: p.entry, probabilities: { ...p.payload } })),
    };
    this.saved = { revision, state };
    return state;
  }

  /** False (and unchanged) when `data` is not a state of this kind. */
  restore(data: unknown): boolean {
    const parsed = onlineStateSchema.safeParse(data);
    if (!parsed.success) return false;
    this.tracker = AdaptiveWeights.fromState(parsed.data.tracker);
    this.judge.replace(parsed.data.pending.map((p: Pending) => ({ time: p.time, side: p.side, entry: p.entry, payload: p.probabilities })));
    return true;
  }
}
