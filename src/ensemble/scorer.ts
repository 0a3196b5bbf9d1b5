import type { Bar, Symbol } from '../domain/bar.js';
import type { Signal } from '../domain/signal.js';
import type { AssetRegime } from '../regime/regime.js';

/** What the engine knows at the bar besides its history. */
export interface ScoreContext {
  /** The asset's regime (undefined while its detector warms up). */
  readonly assetRegime?: AssetRegime;
}

/** A scorer's saved state (JSON), under the scorer's name: another scorer does not take it up. */
export interface ScorerState {
  readonly scorer: string;
  readonly state: unknown;
}

/**
 * Turns the history of one symbol, up to and including the bar just closed, into a Signal.
 * The rule-based strategy and the model ensemble both implement it.
 */
export interface Scorer {
  readonly name: string;
  /** Bars of history the scorer needs before it can speak. */
  readonly warmup: number;
  score(symbol: Symbol, history: readonly Bar[], context?: ScoreContext): Signal | Promise<Signal>;
  /**
   * Every closed bar of every symbol the engine sees, in time order (the market lead's bar before the
   * others' of the same time), from the first stored bar on: for scorers that keep streaming state.
   */
  observe?(symbol: Symbol, bar: Bar): void;
  /** Whether the scorer has seen enough of `symbol` to speak; absent: when the engine's history holds `warmup` bars. */
  isReady?(symbol: Symbol): boolean;
  /**
   * What the scorer learned while trading that the bars alone cannot rebuild (the ensemble's adaptive
   * weights), as plain JSON, so a restart continues where the run stopped. The same object while nothing
   * changed: a step's outcome carries a state only when it is a new one, and the store keeps the last.
   */
  state?(): unknown;
  /** Continue from a saved `state()`. False when it does not fit (another version): the scorer starts afresh. */
  restore?(state: unknown): boolean;
}
