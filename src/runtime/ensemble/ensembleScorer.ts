import type { Bar, Symbol } from '../../domain/bar.js';
import type { Signal } from '../../domain/signal.js';
import type { MemberValues } from '../../ensemble/combine/members.js';
import { assertInPool, ensembleId } from '../../ensemble/ensembleArtifact.js';
import type { ScoreContext, Scorer } from '../../ensemble/scorer.js';
import { NormalizedWindow } from '../../features/index.js';
import type { Prediction } from '../../models/predictor.js';
import type { SignalSigner, TrendScorer } from '../../strategy/trendScorer.js';
import type { LoadedEnsemble } from './loadEnsemble.js';
import { ensembleSignal, isProposal, type EnsembleJudge } from './ensembleSignal.js';
import { OnlineAdaptiveWeights } from './onlineAdaptiveWeights.js';

/** Member probabilities at a bar, from wherever they come: live inference, or the prediction cache. */
export interface MemberSource {
  observe(symbol: Symbol, bar: Bar): void;
  /** The model members' probabilities at the asset's latest bar; members not ready are left out. */
  at(barTime: number): MemberValues | Promise<MemberValues>;
}

/** Live inference: streaming features in a normalised window, every member's predictor on it. */
export class LiveMembers implements MemberSource {
  private readonly window: NormalizedWindow;
  private readonly buffer: Float32Array;
  private readonly selfIsLead: boolean;
  private readonly lead: Symbol | undefined;

  constructor(
    private readonly e: Pick<LoadedEnsemble, 'featureSet' | 'normalizer' | 'windowLength' | 'predictors'>,
    private readonly asset: Symbol,
  ) {
    this.window = new NormalizedWindow(e.featureSet, asset, e.normalizer, e.windowLength);
    this.buffer = new Float32Array(e.windowLength * e.featureSet.columns.length);
    this.lead = e.featureSet.options.lead?.symbol;
    this.selfIsLead = this.lead === asset;
  }

  observe(symbol: Symbol, bar: Bar): void {
    if (symbol === this.asset) this.window.push(bar);
    else if (symbol === this.lead && !this.selfIsLead) this.window.pushLead(bar);
  }

  at(): MemberValues | Promise<MemberValues> {
    if (!this.window.copyTo(this.buffer)) return {};
    const members = [...this.e.predictors.keys()];
    const answers = [...this.e.predictors.values()].map((p) => p.predictOne(this.buffer));
    const values = (predictions: readonly Prediction[]): MemberValues => Object.fromEntries(members.map((m, i) => [m, predictions[i]?.pUp]));
    // tfjs answers at once; ONNX Runtime with a promise (it runs on a later tick of the event loop).
    return answers.some((a) => a instanceof Promise) ? Promise.all(answers).then(values) : values(answers as Prediction[]);
  }
}

/**
 * An asset's ensemble as a Scorer: the rule-based strategy proposes (side, exposure, cadence, ATR), the
 * ensemble judges each proposed trade (see ensembleSignal). Between the strategy's decisions nothing is
 * judged: the position is held. The asset regime comes from the engine. Whether member probabilities are
 * computed now or read from the cache, the Signal is built by the same function.
 *
 * An ensemble combined by adaptive voting goes on adapting while it trades: it starts from the weights
 * warmed on validation and learns from every judged trade once its horizon has passed; that record is its
 * state(), saved with each iteration.
 */
export class EnsembleScorer implements Scorer {
  readonly name: string;
  readonly warmup: number;
  private readonly adaptive: OnlineAdaptiveWeights | undefined;
  private readonly ruleProbability: number | undefined;
  /** How the strategy's signals are passed on: as the ensemble's, named for its version. */
  private readonly signer: SignalSigner;
  private readonly judgement: EnsembleJudge;

  constructor(
    private readonly e: Pick<LoadedEnsemble, 'artifact' | 'combiner'>,
    private readonly asset: Symbol,
    private readonly members: MemberSource,
    private readonly rule: TrendScorer,
    barMs: number,
  ) {
    const a = e.artifact;
    this.name = `ensemble ${a.version}`;
    this.warmup = rule.warmup;
    assertInPool(a, asset);
    this.ruleProbability = 'rule' in a.members ? a.ruleBaseRate[asset] : undefined;
    if ('rule' in a.members && this.ruleProbability === undefined) throw new Error(`ensemble ${a.version} has no base rate of the rule member for ${asset}`);
    const model = ensembleId(a);
    this.signer = { source: 'ensemble', model };
    this.judgement = { minConfidence: a.minConfidence, model };
    const tracker = e.combiner.initialAdaptiveWeights();
    this.adaptive = tracker && new OnlineAdaptiveWeights(tracker, e.combiner.spec.members, a.label.horizonBars * barMs, a.label.roundTripCost);
  }

  observe(symbol: Symbol, bar: Bar): void {
    this.members.observe(symbol, bar);
    if (symbol !== this.asset) return;
    this.rule.observe(symbol, bar);
    this.adaptive?.observe(bar);
  }

  isReady(symbol: Symbol): boolean {
    return this.rule.isReady(symbol);
  }

  score(symbol: Symbol, history: readonly Bar[], context: ScoreContext = {}): Signal | Promise<Signal> {
    const bar = history[history.length - 1];
    if (symbol !== this.asset || !bar) throw new Error(`the ${this.asset} ensemble cannot score ${symbol}`);
    // Most bars are no proposal: the strategy's signal is passed on as it is made, under the ensemble's name.
    const proposal = this.rule.scoreAs(symbol, history, this.signer);
    if (!isProposal(proposal)) return proposal;
    // Inference only where there is a trade to judge: once a day, not every bar.
    const members = this.members.at(bar.time);
    return members instanceof Promise ? members.then((m) => this.judge(bar, proposal, m, context)) : this.judge(bar, proposal, members, context);
  }

  private judge(bar: Bar, proposal: Signal, members: MemberValues, context: ScoreContext): Signal {
    const probabilities: MemberValues = { ...members, ...(this.ruleProbability !== undefined && { rule: this.ruleProbability }) };
    const signal = ensembleSignal(this.e.combiner, this.judgement, proposal, probabilities, context.assetRegime ?? 'ranging', this.adaptive?.multipliers());
    this.adaptive?.predicted(bar.time, proposal.direction === 'long' ? 1 : -1, probabilities);
    return signal;
  }

  state(): unknown {
    return this.adaptive?.toState();
  }

  restore(state: unknown): boolean {
    return this.adaptive?.restore(state) ?? false;
  }
}
