import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Symbol } from '../domain/bar.js';
import type { DriftLevel } from '../drift/driftLevel.js';
import type { DriftReport } from '../drift/driftReport.js';
import type { IterationReport, LoopErrorKind, LoopObserver } from './heartbeat.js';

/**
 * The daemon's Prometheus metrics, on a registry of their own (not prom-client's global one, so two
 * daemons in one test process do not share counters).
 */
/** The order statuses of the store: the simulated venue's, and the live journal's 'submitting' and 'unknown'. */
const ORDER_STATUSES = ['submitting', 'unknown', 'open', 'filled', 'cancelled', 'rejected'] as const;

const QUALITY_METRICS = ['auc', 'brier', 'ece', 'hit_rate', 'judged'] as const;

export class DaemonMetrics implements LoopObserver {
  readonly registry = new Registry();
  private readonly equity: Gauge;
  private readonly cash: Gauge;
  private readonly drawdown: Gauge;
  private readonly positions: Gauge;
  private readonly openOrders: Gauge;
  private readonly orders: Gauge<'status'>;
  private readonly errors: Counter<'kind'>;
  private readonly iterations: Counter;
  private readonly fills: Counter<'symbol'>;
  private readonly latency: Histogram;
  private readonly models: Gauge<'asset' | 'scorer'>;
  private readonly halted: Gauge;
  private readonly heartbeat: Gauge;
  private readonly drift: Gauge<'asset' | 'model'>;
  private readonly driftInput: Gauge<'asset' | 'model'>;
  private readonly driftQuality: Gauge<'asset' | 'model' | 'metric'>;
  private readonly driftModels = new Map<Symbol, string>();

  constructor(options: { readonly mode: string; readonly processMetrics?: boolean }) {
    const registers = [this.registry];
    this.registry.setDefaultLabels({ mode: options.mode });
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'bot_process_' });
    this.equity = new Gauge({ name: 'bot_equity', help: 'Account equity: cash plus positions marked at the latest closes (quote currency)', registers });
    this.cash = new Gauge({ name: 'bot_cash', help: 'Cash not locked as margin (quote currency)', registers });
    this.drawdown = new Gauge({
      name: 'bot_drawdown',
      help: "Fall of equity from the epoch's peak, a fraction (what the drawdown rules and the kill switch see)",
      registers,
    });
    this.positions = new Gauge({ name: 'bot_positions', help: 'Open positions', registers });
    this.openOrders = new Gauge({ name: 'bot_open_orders', help: 'Orders open on the venue', registers });
    this.orders = new Gauge({ name: 'bot_orders', help: 'Orders of the epoch by status', labelNames: ['status'], registers });
    this.errors = new Counter({ name: 'bot_errors_total', help: 'Errors met by the loop, by kind', labelNames: ['kind'], registers });
    this.iterations = new Counter({ name: 'bot_iterations_total', help: 'Loop iterations', registers });
    this.fills = new Counter({ name: 'bot_fills_total', help: 'Fills booked, by symbol', labelNames: ['symbol'], registers });
    this.latency = new Histogram({
      name: 'bot_loop_latency_seconds',
      help: 'Time of one loop iteration: poll, step, persist',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.models = new Gauge({ name: 'bot_model_info', help: 'Scorer in use per asset (1 = in use)', labelNames: ['asset', 'scorer'], registers });
    this.halted = new Gauge({ name: 'bot_entries_halted', help: '1 while the kill switch halts new entries', registers });
    this.heartbeat = new Gauge({ name: 'bot_last_heartbeat_seconds', help: 'Unix time of the last completed iteration', registers });
    this.drift = new Gauge({
      name: 'bot_model_drift_state',
      help: 'Drift state of the production ensemble per asset: 0 ok, 1 warning, 2 drifted, -1 unknown',
      labelNames: ['asset', 'model'],
      registers,
    });
    this.driftInput = new Gauge({
      name: 'bot_model_drift_feature_share',
      help: 'Share of the input features at warning or worse against the training window',
      labelNames: ['asset', 'model'],
      registers,
    });
    this.driftQuality = new Gauge({
      name: 'bot_model_prediction_quality',
      help: 'Rolling quality of the judged live predictions (auc, brier, ece, hit_rate, judged)',
      labelNames: ['asset', 'model', 'metric'],
      registers,
    });
    for (const kind of ['retryable', 'fatal', 'rejected_order', 'sync_problem'] satisfies LoopErrorKind[]) this.errors.inc({ kind }, 0);
  }

  iteration(r: IterationReport): void {
    this.iterations.inc();
    this.equity.set(r.equity);
    this.cash.set(r.cash);
    this.drawdown.set(r.drawdown);
    this.positions.set(r.positions);
    this.openOrders.set(r.openOrders);
    this.latency.observe(r.latencyMs / 1000);
    this.halted.set(r.halted === undefined ? 0 : 1);
    this.heartbeat.set(Date.now() / 1000);
    for (const f of r.outcome?.fills ?? []) this.fills.inc({ symbol: f.symbol });
  }

  error(kind: LoopErrorKind): void {
    this.errors.inc({ kind });
  }

  /**
   * The epoch's orders by status, as the store holds them. Every status is always there (0 when none):
   * an alert on rejected or unknown orders must see 0, not a missing series.
   */
  setOrders(counts: ReadonlyMap<string, number>): void {
    this.orders.reset();
    for (const status of ORDER_STATUSES) this.orders.set({ status }, 0);
    for (const [status, n] of counts) this.orders.set({ status }, n);
  }

  /** The scorer (model version) each asset trades with. */
  setModels(scorers: ReadonlyMap<Symbol, string>): void {
    this.models.reset();
    for (const [asset, scorer] of scorers) this.models.set({ asset, scorer }, 1);
  }

  /** The last drift check of an asset (replaces the asset's earlier series: the model may have changed). */
  setDrift(r: DriftReport, state: DriftLevel): void {
    const old = this.driftModels.get(r.asset);
    if (old !== undefined) {
      for (const g of [this.drift, this.driftInput]) g.remove({ asset: r.asset, model: old });
      for (const metric of QUALITY_METRICS) this.driftQuality.remove({ asset: r.asset, model: old, metric });
    }
    this.driftModels.delete(r.asset);
    if (r.modelId === null) return;
    this.driftModels.set(r.asset, r.modelId);
    const labels = { asset: r.asset, model: r.modelId };
    this.drift.set(labels, { unknown: -1, ok: 0, warning: 1, drifted: 2 }[state]);
    if (r.input) this.driftInput.set(labels, r.input.warningShare);
    const p = r.predictions;
    if (!p) return;
    const values: Record<(typeof QUALITY_METRICS)[number], number | null> = { auc: p.auc, brier: p.brier, ece: p.ece, hit_rate: p.hitRate, judged: p.judged };
    for (const metric of QUALITY_METRICS) {
      const v = values[metric];
      if (v !== null) this.driftQuality.set({ ...labels, metric }, v);
    }
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}

export interface MetricsServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * GET /metrics in Prometheus' text format on `host:port` (loopback by default: the figures are the
 * account's; expose them wider through a proxy on purpose, not by accident). Port 0 picks a free one.
 */
export async function serveMetrics(metrics: DaemonMetrics, port: number, host = '127.0.0.1'): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://metrics').pathname;
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: GET /metrics\n');
      return;
    }
    metrics.text().then(
      (body) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(body),
      (err: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${err instanceof Error ? err.message : String(err)}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
