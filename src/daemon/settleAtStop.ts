import type { Symbol } from '../domain/bar.js';
import type { EquityPoint } from '../domain/equity.js';
import { equityOf } from '../execution/equityOf.js';
import type { Logger } from '../internal/logger.js';
import type { TradingRuntime } from '../runtime/tradingRuntime.js';

/**
 * The books at a clean stop. Live: one last reconciliation with the account (fills that arrived during the
 * last iteration, orders that ended), marked at the last closes; paper: the engine's own equity.
 */
export async function settleAtStop(rt: TradingRuntime, assets: readonly Symbol[], logger: Logger): Promise<EquityPoint> {
  const equity = rt.engine.equityAt(rt.clock.now());
  if (!rt.live) return equity;
  const marks = new Map<Symbol, number>();
  for (const s of assets) {
    const close = rt.engine.lastClose(s);
    if (close !== undefined) marks.set(s, close);
  }
  const settled = await rt.live.settle(marks);
  if (settled.adopt.length > 0 || settled.resolve.length > 0) {
    const { describeReconciliation } = await import('../execution/live/index.js');
    logger.info(`at stop, ${describeReconciliation(settled)}`, {});
  }
  return { time: equity.time, ...equityOf(settled.state, marks) };
}
