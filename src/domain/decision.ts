import type { Signal } from './signal.js';

export type DecisionAction = 'open_long' | 'open_short' | 'close' | 'reverse' | 'resize' | 'hold' | 'skip';

/** What the engine did with a signal, and why: one per symbol per scored bar, kept forever. */
export interface Decision {
  readonly signal: Signal;
  readonly action: DecisionAction;
  readonly reason: string;
  /** The decision time: the close of the signal's bar. */
  readonly decidedAt: number;
  /** Size and leverage the risk rules settled on, when an order was sent. */
  readonly quantity?: number;
  readonly leverage?: number;
}
