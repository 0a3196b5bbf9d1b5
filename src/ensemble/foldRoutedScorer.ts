import type { Bar, Symbol } from '../domain/bar.js';
import type { Signal } from '../domain/signal.js';
import type { ScoreContext, Scorer } from './scorer.js';

export interface FoldScorer {
  /** The bars [from, to) this fold's models were tested on: the only bars they may score. */
  readonly from: number;
  readonly to: number;
  readonly scorer: Scorer;
}

/**
 * Walk-forward scoring: each bar is scored by the models of the fold whose test window holds it, models
 * that were trained and fitted only on bars before that window. Bars outside every window get the
 * outside scorer (the rule-based strategy).
 */
export class FoldRoutedScorer implements Scorer {
  readonly name = 'walk-forward';
  readonly warmup: number;

  constructor(
    private readonly folds: readonly FoldScorer[],
    private readonly outside: Scorer,
  ) {
    this.warmup = Math.max(outside.warmup, ...folds.map((f) => f.scorer.warmup));
  }

  /** Ready when every scorer that keeps its own history says so (the engine's window may be shorter than their warm-up). */
  isReady(symbol: Symbol): boolean {
    return [this.outside, ...this.folds.map((f) => f.scorer)].every((s) => s.isReady?.(symbol) ?? true);
  }

  observe(symbol: Symbol, bar: Bar): void {
    this.outside.observe?.(symbol, bar);
    for (const f of this.folds) f.scorer.observe?.(symbol, bar);
  }

  score(symbol: Symbol, history: readonly Bar[], context?: ScoreContext): Signal | Promise<Signal> {
    const t = history[history.length - 1]?.time ?? Number.NaN;
    const fold = this.folds.find((f) => t >= f.from && t < f.to);
    return (fold?.scorer ?? this.outside).score(symbol, history, context);
  }
}
