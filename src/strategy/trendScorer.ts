import type { Bar, Symbol } from '../domain/bar.js';
import type { Direction, Signal, SignalClass, SignalSource } from '../domain/signal.js';
import type { Scorer } from '../ensemble/scorer.js';
import { DEFAULT_TREND, type TrendParameters } from './trendParameters.js';
import { barsIn, TrendState, type TrendDecision } from './trendState.js';

function classOf(direction: Direction, strength: number): SignalClass {
  if (direction === 'flat') return 'HOLD';
  const strong = Math.abs(strength) >= 1;
  if (direction === 'long') return strong ? 'STRONG_BUY' : 'BUY';
  return strong ? 'STRONG_SELL' : 'SELL';
}

/**
 * The rule-based strategy: time-series momentum over several lookbacks with volatility targeting
 * (Moskowitz, Ooi & Pedersen 2012; for crypto, Rozario et al. 2020). Once per `rebalanceHours` (at 00:00 UTC
 * for daily), each lookback votes for the side of its past return; the mean vote, times the ratio of the
 * target volatility to the asset's realised volatility, is the exposure of the asset's sleeve. Between
 * decisions it repeats the last one with `rebalance` false, so the engine holds. It states an exposure, not a
 * probability: its confidence is left to a model that can be calibrated.
 *
 * Streaming: the engine feeds every bar from the first stored one (observe), so a decision costs O(1) and a
 * restart rebuilds the same state. Given a history it was not fed, it streams that history.
 */
export class TrendScorer implements Scorer {
  readonly name = 'trend';
  readonly warmup: number;
  private readonly states = new Map<Symbol, TrendState>();
  private readonly horizonBars: number;
  /** The names of the lookbacks' returns in a signal's inputs, in the order of the parameters. */
  private readonly returnKeys: readonly string[];
  /** Each symbol's last decision and its inputs (see inputsOf). */
  private readonly madeInputs = new Map<Symbol, { decision: TrendDecision; inputs: Readonly<Record<string, number>> }>();

  constructor(
    private readonly barMs: number,
    private readonly p: TrendParameters = DEFAULT_TREND,
  ) {
    this.warmup = new TrendState(p, barMs).warmup;
    this.horizonBars = barsIn(p.horizonHours, barMs);
    this.returnKeys = p.lookbackDays.map((days) => `return${days}d`);
  }

  observe(symbol: Symbol, bar: Bar): void {
    this.stateOf(symbol).push(bar);
  }

  /** Whether the strategy has seen enough of `symbol` to decide. */
  isReady(symbol: Symbol): boolean {
    return this.states.get(symbol)?.ready ?? false;
  }

  /** Bars of `symbol` seen so far: with `warmup`, how long until the strategy can decide. */
  barsSeen(symbol: Symbol): number {
    return this.states.get(symbol)?.bars ?? 0;
  }

  /** The decision in force for `symbol`, for callers that want the strategy's view without a Signal. */
  decision(symbol: Symbol): TrendDecision | undefined {
    return this.states.get(symbol)?.decision;
  }

  score(symbol: Symbol, history: readonly Bar[]): Signal {
    return this.scoreAs(symbol, history, RULE);
  }

  /**
   * The strategy's signal, signed by whoever passes it on: an ensemble passes most bars' signals on as they
   * are, under its own name, and a signal made so is the one it would have made with `{ ...signal, source, model }`.
   */
  scoreAs(symbol: Symbol, history: readonly Bar[], signer: SignalSigner): Signal {
    const bar = history[history.length - 1];
    if (!bar) throw new Error(`trend scorer: no bars of ${symbol}`);
    let s = this.states.get(symbol);
    if (!s || s.lastTime !== bar.time) {
      s = new TrendState(this.p, this.barMs);
      for (const b of history) s.push(b);
    }
    const d = s.decision;
    if (!s.ready || !d) throw new Error(`trend scorer needs ${s.warmup} bars of ${symbol}, has ${s.bars}`);
    return this.signalOf(symbol, bar, s, d, signer);
  }

  private stateOf(symbol: Symbol): TrendState {
    let s = this.states.get(symbol);
    if (!s) {
      s = new TrendState(this.p, this.barMs);
      this.states.set(symbol, s);
    }
    return s;
  }

  /**
   * A decision's inputs, made once and shared by the signals of every bar it holds for: they are the
   * decision's (the bar's close is its candle's, the ATR the signal's own `atr`).
   */
  private inputsOf(symbol: Symbol, d: TrendDecision): Readonly<Record<string, number>> {
    const made = this.madeInputs.get(symbol);
    if (made?.decision === d) return made.inputs;
    const inputs: Record<string, number> = { volatility: d.volatility, strength: d.strength, exposure: d.exposure, decidedAt: d.barTime };
    for (let i = 0; i < this.returnKeys.length; i++) inputs[this.returnKeys[i] as string] = d.returns[i] ?? Number.NaN;
    Object.freeze(inputs);
    this.madeInputs.set(symbol, { decision: d, inputs });
    return inputs;
  }

  private signalOf(symbol: Symbol, bar: Bar, s: TrendState, d: TrendDecision, signer: SignalSigner): Signal {
    const direction: Direction = d.exposure > 0 ? (d.strength > 0 ? 'long' : 'short') : 'flat';
    const inputs = this.inputsOf(symbol, d);
    const signal: Omit<Signal, 'model'> & { model?: string } = {
      symbol,
      barTime: bar.time,
      source: signer.source,
      direction,
      exposure: direction === 'flat' ? 0 : d.exposure,
      rebalance: s.decidedAt(bar.time),
      horizonBars: this.horizonBars,
      class: classOf(direction, d.strength),
      atr: s.atr,
      members: NO_MEMBERS,
      inputs,
    };
    // Last, where `{ ...signal, model }` puts it: a fresh object given one more field, not a copy.
    if (signer.model !== undefined) signal.model = signer.model;
    return signal;
  }
}

/** Who passes a signal on: its source, and the model version in charge, if any. */
export interface SignalSigner {
  readonly source: SignalSource;
  readonly model?: string;
}

const RULE: SignalSigner = { source: 'rule' };

const NO_MEMBERS: Signal['members'] = Object.freeze([]);
