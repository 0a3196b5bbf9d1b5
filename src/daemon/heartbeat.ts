import type { StepOutcome } from '../execution/tradingEngine.js';

/** What the daemon reports about one loop iteration: the heartbeat line and the metrics read it. */
export interface IterationReport {
  readonly iteration: number;
  /** Feed time of the iteration (the wall clock for live data, the bar close for a replay). */
  readonly time: number;
  /** New closed bars the engine stepped over (0: nothing closed since the last poll). */
  readonly newBars: number;
  readonly equity: number;
  readonly cash: number;
  /** Fall of equity from the epoch's peak, a fraction (0 at the peak). */
  readonly drawdown: number;
  readonly positions: number;
  readonly openOrders: number;
  /** From the poll to the stored outcome, ms. */
  readonly latencyMs: number;
  /** The engine's outcome, when new bars were stepped over. */
  readonly outcome?: StepOutcome;
  /** Why entries are halted (the kill switch), if they are. */
  readonly halted?: string;
  /** A problem the venue retried and gave up on this time (the books catch up at the next sync). */
  readonly syncProblem?: string;
  /** Consecutive failed polls before this one succeeded. */
  readonly recoveredAfter?: number;
}

/** What kind of trouble the loop met, for the errors counter. */
export type LoopErrorKind = 'retryable' | 'fatal' | 'rejected_order' | 'sync_problem';

/** Hooks the daemon hangs metrics on. */
export interface LoopObserver {
  iteration(report: IterationReport): void;
  error(kind: LoopErrorKind): void;
}

/** The heartbeat line's fields: one line per iteration, with what a person watching the daemon wants. */
export function heartbeatFields(r: IterationReport): Record<string, unknown> {
  return {
    iteration: r.iteration,
    feedTime: new Date(r.time).toISOString(),
    newBars: r.newBars,
    equity: Number(r.equity.toFixed(2)),
    cash: Number(r.cash.toFixed(2)),
    positions: r.positions,
    openOrders: r.openOrders,
    latencyMs: Math.round(r.latencyMs),
    ...(r.halted !== undefined && { halted: r.halted }),
    ...(r.syncProblem !== undefined && { syncProblem: r.syncProblem }),
    ...(r.recoveredAfter !== undefined && { recoveredAfter: r.recoveredAfter }),
  };
}
