import type { AccountSnapshot, FeedUpdate, MarketFeed } from '../domain/ports.js';
import type { StepOutcome, TradingEngine } from '../execution/tradingEngine.js';
import { RetryableError, errorMessage } from '../internal/errors.js';
import { drawdownFrom } from '../risk/drawdownScaling.js';
import type { Logger } from '../internal/logger.js';
import { heartbeatFields, type IterationReport, type LoopObserver } from './heartbeat.js';

export interface RunLoopOptions {
  readonly feed: MarketFeed;
  readonly engine: TradingEngine;
  /** Writes one step's outcome, all or nothing. */
  readonly persist: (outcome: StepOutcome) => void;
  /** Waits between iterations (real time); resolves early when `signal` aborts. A backtest does not wait: it returns nothing. */
  readonly pause: (ms: number, signal: AbortSignal) => void | Promise<void>;
  readonly intervalMs: number;
  readonly maxIterations?: number;
  /** Aborted by SIGINT/SIGTERM: the current iteration finishes and is persisted, then the loop ends. */
  readonly signal: AbortSignal;
  readonly logger: Logger;
  /** Called with the feed time after each step (the replay advances its simulated clock here). */
  readonly onTime?: (time: number) => void;
  /** One log line per fill and decision, and the heartbeat at info (the daemon); off for backtests, which write a report instead. */
  readonly logDecisions?: boolean;
  /**
   * How long market data may stay unavailable (ms, from the first failed poll) before the loop gives up
   * with a RetryableError (exit 75, for a supervisor to restart later). Default: never give up.
   */
  readonly retryBudgetMs?: number;
  /** The venue's books, for the heartbeat. */
  readonly account?: () => AccountSnapshot;
  /** The venue's last sync problem (live), for the heartbeat. */
  readonly syncProblem?: () => string | undefined;
  /** Metrics hooks. */
  readonly observer?: LoopObserver;
  /**
   * Between two steps, after the heartbeat (a bar boundary): the daemon switches models and checks drift
   * here, never inside a step. Its time is not part of the iteration's latency.
   */
  readonly betweenSteps?: (time: number) => Promise<void>;
  /** Monotonic ms for latencies and the retry budget; default performance.now. */
  readonly monotonic?: () => number;
}

export type StopReason = 'iterations' | 'end-of-data' | 'signal';

export interface RunSummary {
  readonly iterations: number;
  readonly reason: StopReason;
  readonly decisions: number;
  readonly fills: number;
}

const MAX_BACKOFF_MS = 60_000;

/**
 * The daemon's loop: poll the feed, step the engine on new bars, persist, log a heartbeat, wait.
 *
 * Errors by what to do next. A failed poll (network, rate limit, exchange unavailable) is retried after a
 * growing pause until the retry budget is spent, then the loop ends with a RetryableError (exit 75). A
 * step that fails is not retried in place: it may have changed the venue's books without the store
 * hearing of it, so the error goes out (a RetryableError still exits 75; a restart reconciles the store
 * with the exchange). Anything else (FatalError, a broken invariant) stops the loop (exit 1).
 */
export async function runLoop(o: RunLoopOptions): Promise<RunSummary> {
  const clock = o.monotonic ?? (() => performance.now());
  const verbose = o.logDecisions ?? true;
  let iterations = 0;
  let decisions = 0;
  let fills = 0;
  let failures = 0;
  let failingSince: number | undefined;
  let halted: string | undefined;
  let lastProblem: string | undefined;
  const summary = (reason: StopReason): RunSummary => ({ iterations, reason, decisions, fills });

  for (;;) {
    if (o.signal.aborted) return summary('signal');
    const started = clock();
    let update: FeedUpdate | 'end';
    try {
      // A replay answers at once: no promise to wait for on each of a backtest's bars.
      const polled = o.feed.poll();
      update = polled instanceof Promise ? await polled : polled;
    } catch (err) {
      if (!(err instanceof RetryableError)) {
        o.observer?.error('fatal');
        throw err;
      }
      o.observer?.error('retryable');
      failures++;
      iterations++;
      failingSince ??= started;
      const down = clock() - failingSince;
      if (o.retryBudgetMs !== undefined && down > o.retryBudgetMs) {
        throw new RetryableError(
          `market data unavailable for ${(down / 1000).toFixed(1)} s, beyond the retry budget of ${(o.retryBudgetMs / 1000).toFixed(1)} s: ${err.message}`,
          {
            hint: 'the daemon stopped with exit code 75 (try again later); a supervisor restarting it continues where it stopped',
            cause: err,
          },
        );
      }
      const backoff = Math.min(MAX_BACKOFF_MS, o.intervalMs * 2 ** Math.min(failures, 6));
      o.logger.warn('market data unavailable; retrying', { error: errorMessage(err), failures, retryInMs: backoff });
      if (o.maxIterations !== undefined && iterations >= o.maxIterations) return summary('iterations');
      await o.pause(backoff, o.signal);
      continue;
    }
    if (update === 'end') return summary('end-of-data');
    const recoveredAfter = failures > 0 ? failures : undefined;
    failures = 0;
    failingSince = undefined;
    o.onTime?.(update.time);

    let outcome: StepOutcome | undefined;
    if (update.bars.size > 0) {
      try {
        outcome = await o.engine.step(update);
        o.persist(outcome);
      } catch (err) {
        o.observer?.error(err instanceof RetryableError ? 'retryable' : 'fatal');
        throw err;
      }
      decisions += outcome.decisions.length;
      fills += outcome.fills.length;
      if (verbose) logOutcome(o.logger, outcome);
      for (const s of outcome.orders) if (s.status === 'rejected') o.observer?.error('rejected_order');
      if (outcome.halted !== halted) {
        if (outcome.halted !== undefined) o.logger.warn('new entries halted', { reason: outcome.halted });
        else o.logger.info('new entries allowed again', {});
        halted = outcome.halted;
      }
    }
    iterations++;

    const problem = o.syncProblem?.();
    if (problem !== undefined && problem !== lastProblem) o.observer?.error('sync_problem');
    lastProblem = problem;
    // A backtest steps tens of thousands of bars: build the heartbeat only where something reads it.
    if (!verbose && !o.observer && o.logger.debugEnabled === false) {
      if (o.maxIterations !== undefined && iterations >= o.maxIterations) return summary('iterations');
      const paused = o.pause(o.intervalMs, o.signal);
      if (paused) await paused;
      continue;
    }
    const equity = outcome?.equity ?? o.engine.equityAt(update.time);
    const account = o.account?.();
    const report: IterationReport = {
      iteration: iterations,
      time: update.time,
      newBars: [...update.bars.values()].reduce((a, b) => a + b.length, 0),
      equity: equity.equity,
      cash: equity.cash,
      drawdown: drawdownFrom(Math.max(o.engine.peakEquity(), equity.equity), equity.equity),
      positions: account?.positions.length ?? outcome?.openPositions.length ?? 0,
      openOrders: account?.openOrders.length ?? 0,
      latencyMs: clock() - started,
      ...(outcome && { outcome }),
      ...(halted !== undefined && { halted }),
      ...(problem !== undefined && { syncProblem: problem }),
      ...(recoveredAfter !== undefined && { recoveredAfter }),
    };
    if (verbose) o.logger.info('heartbeat', heartbeatFields(report));
    else o.logger.debug('heartbeat', heartbeatFields(report));
    o.observer?.iteration(report);
    if (o.betweenSteps && update.bars.size > 0) await o.betweenSteps(update.time);
    if (o.maxIterations !== undefined && iterations >= o.maxIterations) return summary('iterations');
    await o.pause(o.intervalMs, o.signal);
  }
}

function logOutcome(logger: Logger, outcome: StepOutcome): void {
  for (const f of outcome.fills) {
    logger.info('fill', {
      symbol: f.symbol,
      effect: f.effect,
      side: f.side,
      quantity: f.quantity,
      price: f.price,
      fee: Number(f.fee.toFixed(6)),
      pnl: Number(f.realizedPnl.toFixed(6)),
    });
  }
  for (const d of outcome.decisions) {
    const s = d.signal;
    // Between the strategy's decisions every bar says "hold": kept (stored) but logged at debug, so the log
    // shows what was decided, not that nothing was.
    const quiet = !s.rebalance && d.quantity === undefined;
    (quiet ? logger.debug.bind(logger) : logger.info.bind(logger))('decision', {
      symbol: s.symbol,
      bar: new Date(s.barTime).toISOString(),
      action: d.action,
      class: s.class,
      ...(s.confidence !== undefined && { confidence: Number(s.confidence.toFixed(4)) }),
      exposure: Number(s.exposure.toFixed(4)),
      source: s.source,
      ...(d.quantity !== undefined && { quantity: d.quantity, leverage: d.leverage }),
      reason: d.reason,
      equity: Number(outcome.equity.equity.toFixed(2)),
    });
  }
}
