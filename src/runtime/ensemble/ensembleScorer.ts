import type { Bar, Symbol } from '../../domain/bar.js';
import type { Signal } from '../../domain/signal.js';
import type { EnsembleMember, MemberValues } from '../../ensemble/combine/members.js';
import type { FallbackScorer } from '../../ensemble/fallbackScorer.js';
import type { ScoreContext, Scorer } from '../../ensemble/scorer.js';
import { NormalizedWindow } from '../../features/index.js';
import type { LoadedEnsemble } from './loadEnsemble.js';
import { ensembleSignal } from './ensembleSignal.js';
import { OnlineAdaptiveWeights } from './onlineAdaptiveWeights.js';

/** Member probabilities at a bar, from wherever they come: live inference, or the prediction cache. */
export interface MemberSource {
  observe(symbol: Symbol, bar: Bar): void;
  /** The model members' P(up) at the asset's latest bar; members not ready are left out. */
  at(barTime: number): MemberValues;
}

/** Live inference: streaming features in a normalised window, every member's predictor on it. */
export class LiveMembers implements MemberSource {
  private readonly window: NormalizedWindow;
  private readonly buffer: Float32Array;
  private readonly selfIsLead: boolean;
  private readonly lead: Symbol | undefined;

  constructor(
    private readonly e: LoadedEnsemble,
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

  at(): MemberValues {
    const out: Partial<Record<EnsembleMember, number>> = {};
    if (!this.window.copyTo(this.buffer)) return out;
    for (const [member, predictor] of this.e.predictors) out[member] = predictor.predictOne(this.buffer).pUp;
    return out;
  }
}

/**
 * An asset's production ensemble as a Scorer. The rule-based fallback is a member and also supplies the
 * ATR; the asset regime comes from the engine. Whether member probabilities are computed now or read from
 * the cache, the Signal is built by the same function.
 *
 * An ensemble combined by adaptive voting goes on adapting while it trades: it starts from the weights
 * warmed on validation and learns from every scored bar once its horizon has passed; that record is its
 * state(), saved with each iteration.
 */
export class EnsembleScorer implements Scorer {
  readonly name: string;
  readonly warmup: number;
  private readonly adaptive: OnlineAdaptiveWeights | undefined;

  constructor(
    private readonly e: Pick<LoadedEnsemble, 'artifact' | 'combiner'>,
    private readonly asset: Symbol,
    private readonly members: MemberSource,
    private readonly fallback: FallbackScorer,
    barMs: number,
  ) {
    this.name = `ensemble ${e.artifact.version}`;
    this.warmup = fallback.warmup;
    const tracker = e.combiner.initialAdaptiveWeights();
    this.adaptive = tracker && new OnlineAdaptiveWeights(tracker, e.combiner.spec.members, e.artifact.horizon * barMs);
  }

  observe(symbol: Symbol, bar: Bar): void {
    this.members.observe(symbol, bar);
    if (symbol !== this.asset) return;
    this.fallback.observe(symbol, bar);
    this.adaptive?.observe(bar.time, bar.close);
  }

  score(symbol: Symbol, history: readonly Bar[], context: ScoreContext = {}): Signal {
    const bar = history[history.length - 1];
    if (symbol !== this.asset || !bar) throw new Error(`the ${this.asset} ensemble cannot score ${symbol}`);
    const fb = this.fallback.score(symbol, history);
    const probabilities: MemberValues = { ...this.members.at(bar.time), ...('fallback' in this.e.artifact.members && { fallback: fb.probability }) };
    const base = { symbol, barTime: bar.time, atr: fb.atr };
    const signal = ensembleSignal(this.e.combiner, this.e.artifact, base, probabilities, context.assetRegime ?? 'ranging', this.adaptive?.multipliers());
    this.adaptive?.predicted(bar.time, bar.close, probabilities);
    return signal;
  }

  state(): unknown {
    return this.adaptive?.toState();
  }

  restore(state: unknown): boolean {
    return this.adaptive?.restore(state) ?? false;
  }
}
