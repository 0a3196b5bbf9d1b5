import type { SignalMember } from '../../domain/signal.js';
import { logisticRegressionFromParams, type LogisticRegression } from '../../models/evaluation/logisticRegression.js';
import { applyCalibration } from '../calibration/calibrator.js';
import { AdaptiveWeights } from './adaptiveWeights.js';
import { stackingRow, votingProbability, type StackingLayout } from './combiners.js';
import type { EnsembleSpec } from './ensembleSpec.js';
import { expectedReturnOf } from './expectedReturnMap.js';
import { parseRegime, type EnsembleMember, type MemberValues, type Regime } from './members.js';
import { regimeWeightsFor } from './regimeWeights.js';

/** What the ensemble says about one proposed trade. */
export interface EnsembleJudgement {
  /** Calibrated probability that the trade beats its costs over the horizon. */
  readonly probability: number;
  /** Mean return of trades with this probability on validation (before costs). */
  readonly expectedReturn: number;
  readonly members: readonly SignalMember[];
  readonly inputs: Readonly<Record<string, number>>;
}

export interface CombineInput {
  /** The regime detector's name for the current market. */
  readonly regime: string;
  /** Each member's probability that the trade beats its costs; a member whose model is unavailable is left out. */
  readonly probabilities: MemberValues;
  /** From the daemon's AdaptiveWeights; used only when the spec's method is voting-adaptive. */
  readonly multipliers?: MemberValues;
}

/**
 * Applies a fitted ensemble at run time: combine the members as the spec says and calibrate. The result is
 * a probability that the strategy's proposed trade beats its costs, never a direction: the side is the
 * strategy's.
 *
 * Members missing at run time: voting renormalises the regime weights over those present; stacking puts
 * a missing member's logit at its validation mean (it then adds nothing); best-single whose member is
 * missing falls back to regime voting over the others. `inputs.missing` counts them, so a decision made
 * with a degraded ensemble shows it. Multipliers given for a spec that is not voting-adaptive are
 * ignored: the calibration was fitted on predictions made without them.
 */
export class EnsembleCombiner {
  private readonly stacking: { layout: StackingLayout; model: LogisticRegression } | undefined;

  constructor(readonly spec: EnsembleSpec) {
    const m = spec.method;
    this.stacking =
      m.kind === 'stacking' ? { layout: { members: spec.members, regimeFeatures: m.regimeFeatures }, model: logisticRegressionFromParams(m.model) } : undefined;
  }

  /** True when the daemon should keep an AdaptiveWeights tracker and pass its multipliers. */
  get usesAdaptiveWeights(): boolean {
    return this.spec.method.kind === 'voting-adaptive';
  }

  /** The tracker warmed on the validation block, for a daemon with no persisted state of its own. */
  initialAdaptiveWeights(): AdaptiveWeights | undefined {
    const m = this.spec.method;
    return m.kind === 'voting-adaptive' ? AdaptiveWeights.fromState(m.adaptive) : undefined;
  }

  combine(input: CombineInput): EnsembleJudgement {
    const regime = parseRegime(input.regime, 'EnsembleCombiner');
    const present = this.spec.members.filter((m) => input.probabilities[m] !== undefined);
    if (present.length === 0) throw new RangeError(`EnsembleCombiner: none of the members ${this.spec.members.join(', ')} has a probability`);
    for (const m of present) {
      const p = input.probabilities[m]!;
      if (!(p >= 0 && p <= 1)) throw new RangeError(`EnsembleCombiner: probability of ${m} is ${p}`);
    }
    const { raw, weights } = this.rawProbability(regime, present, input);
    const probability = applyCalibration(this.spec.calibration, [raw])[0]!;
    const members: SignalMember[] = present.map((m) => ({ name: m, weight: weights.get(m) ?? 0, probability: input.probabilities[m]! }));
    const inputs: Record<string, number> = { raw, missing: this.spec.members.length - present.length };
    for (const m of present) inputs[`p_${m}`] = input.probabilities[m]!;
    return { probability, expectedReturn: expectedReturnOf(this.spec.expectedReturn, probability), members, inputs };
  }

  /**
   * The uncalibrated combination and each member's weight in it. Voting weights sum to 1. For stacking a
   * member's weight is the meta-learner's coefficient on its standardised logit (the typical swing it
   * puts into the ensemble's logit) over the sum of their absolute values; it is signed, so a member the
   * meta-learner reads backwards shows a negative weight. Best-single gives its member 1.
   */
  private rawProbability(regime: Regime, present: EnsembleMember[], input: CombineInput): { raw: number; weights: Map<EnsembleMember, number> } {
    const m = this.spec.method;
    if (m.kind === 'stacking' && this.stacking !== undefined) {
      const { layout, model } = this.stacking;
      const row = stackingRow(layout, input.probabilities, regime, model.mean);
      const memberWeights = layout.members.map((_, c) => model.weights[c]!);
      const scale = memberWeights.reduce((a, w) => a + Math.abs(w), 0);
      const weights = new Map(layout.members.map((member, c) => [member, scale > 0 ? memberWeights[c]! / scale : 0]));
      return { raw: model.predictOne(row), weights };
    }
    if (m.kind === 'best-single' && input.probabilities[m.member] !== undefined) {
      return { raw: input.probabilities[m.member]!, weights: new Map([[m.member, 1]]) };
    }
    const multipliers = m.kind === 'voting-adaptive' ? input.multipliers : undefined;
    const weights = regimeWeightsFor(regime, present, this.spec.regimeWeights, multipliers);
    return { raw: votingProbability(input.probabilities, weights), weights };
  }
}
