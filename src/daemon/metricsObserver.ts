import type { Symbol } from '../domain/bar.js';
import { UserError } from '../internal/errors.js';
import type { Logger } from '../internal/logger.js';
import type { Shutdown } from '../internal/shutdown.js';
import type { LoopObserver } from './heartbeat.js';
import { DaemonMetrics, serveMetrics } from './metrics.js';

export interface MetricsOptions {
  readonly port: number;
  /** The address to listen on: loopback unless a container's Prometheus must reach it. */
  readonly host: string;
  readonly mode: 'live' | 'sandbox';
  /** The scorer trading each asset. */
  readonly models: ReadonlyMap<Symbol, string>;
  /** Orders of the epoch per status, read again after an iteration that sent or changed orders. */
  readonly orderCounts: () => Map<string, number>;
  readonly logger: Logger;
  /** The server is closed when the daemon shuts down. */
  readonly shutdown: Shutdown;
}

/** Serve Prometheus metrics on host:port: the metrics (for what the daemon sets besides the loop) and the loop observer that feeds them. */
export async function startMetrics(o: MetricsOptions): Promise<{ metrics: DaemonMetrics; observer: LoopObserver }> {
  const metrics = new DaemonMetrics({ mode: o.mode });
  metrics.setModels(new Map(o.models));
  metrics.setOrders(o.orderCounts());
  const server = await serveMetrics(metrics, o.port, o.host).catch((err: unknown) => {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`--metrics-port ${o.port}: cannot listen on ${o.host}:${o.port} (${code ?? String(err)})`, {
      hint: 'pick a free port (0 for any free one), or an address of this machine for --metrics-host',
    });
  });
  o.shutdown.defer(() => server.close());
  o.logger.info('metrics', { url: `http://${o.host}:${server.port}/metrics` });
  const observer: LoopObserver = {
    iteration: (r) => {
      metrics.iteration(r);
      if (r.outcome && r.outcome.orders.length > 0) metrics.setOrders(o.orderCounts());
    },
    error: (kind) => metrics.error(kind),
  };
  return { metrics, observer };
}
