import type { FeedUpdate, MarketFeed } from '../domain/ports.js';
import type { StepOutcome, TradingEngine } from '../execution/tradingEngine.js';
import { RetryableError, errorMessage } from '../internal/errors.js';
import type { Logger } from '../internal/logger.js';

export interface RunLoopOptions {
  readonly feed: MarketFeed;
  readonly engine: TradingEngine;
  /** Writes one step's outcome, all or nothing. */
  readonly persist: (outcome: StepOutcome) => void;
  /** Waits between iterations (real time); resolves early when `signal` aborts. */
  readonly pause: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly intervalMs: number;
  readonly maxIterations?: number;
  /** Aborted by SIGINT/SIGTERM: the current iteration finishes and is persisted, then the loop ends. */
  readonly signal: AbortSignal;
  readonly logger: Logger;
  /** Called with the feed time after each step (the replay advances its simulated clock here). */
  readonly onTime?: (time: number) => void;
  /** One log line per fill and decision (the daemon); off for backtests, which write a report instead. */
  readonly logDecisions?: boolean;
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
 * The daemon's loop: poll the feed, step the engine on new bars, persist, log, wait. A retryable failure
 * (network, rate limit) is logged and retried after a growing pause; the loop keeps running.
 */
export async function runLoop(o: RunLoopOptions): Promise<RunSummary> {
  let iterations = 0;
  let decisions = 0;
  let fills = 0;
  let failures = 0;
  for (;;) {
    if (o.signal.aborted) return { iterations, reason: 'signal', decisions, fills };
    let update: FeedUpdate | 'end';
    try {
      update = await o.feed.poll();
      failures = 0;
    } catch (err) {
      if (!(err instanceof RetryableError)) throw err;
      failures++;
      iterations++;
      const backoff = Math.min(MAX_BACKOFF_MS, o.intervalMs * 2 ** Math.min(failures, 6));
      o.logger.warn('market data unavailable; retrying', { error: errorMessage(err), failures, retryInMs: backoff });
      if (o.maxIterations !== undefined && iterations >= o.maxIterations) return { iterations, reason: 'iterations', decisions, fills };
      await o.pause(backoff, o.signal);
      continue;
    }
    if (update === 'end') return { iterations, reason: 'end-of-data', decisions, fills };
    o.onTime?.(update.time);
    if (update.bars.size > 0) {
      const outcome = await o.engine.step(update);
      o.persist(outcome);
      decisions += outcome.decisions.length;
      fills += outcome.fills.length;
      if (o.logDecisions ?? true) logOutcome(o.logger, outcome);
    }
    iterations++;
    o.logger.debug('heartbeat', { iteration: iterations, feedTime: new Date(update.time).toISOString() });
    if (o.maxIterations !== undefined && iterations >= o.maxIterations) return { iterations, reason: 'iterations', decisions, fills };
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
    logger.info('decision', {
      symbol: s.symbol,
      bar: new Date(s.barTime).toISOString(),
      action: d.action,
      class: s.class,
      confidence: Number(s.confidence.toFixed(4)),
      source: s.source,
      ...(d.quantity !== undefined && { quantity: d.quantity, leverage: d.leverage }),
      reason: d.reason,
      equity: Number(outcome.equity.equity.toFixed(2)),
    });
  }
}
