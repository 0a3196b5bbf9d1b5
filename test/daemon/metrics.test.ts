import { afterEach, describe, expect, it } from 'vitest';
import { DaemonMetrics, serveMetrics, type MetricsServer } from '../../src/daemon/metrics.js';
import { driftReport } from '../../src/drift/driftReport.js';
import { referenceBins } from '../../src/drift/featureReference.js';
import { inputDrift } from '../../src/drift/inputDrift.js';
import { predictionQuality } from '../../src/drift/predictionQuality.js';

describe('Prometheus metrics of the daemon', () => {
  let server: MetricsServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('GET /metrics serves equity, drawdown, positions, orders by status, errors by kind, loop latency and models in use', async () => {
    const m = new DaemonMetrics({ mode: 'sandbox', processMetrics: false });
    m.setModels(
      new Map([
        ['SOL/USD', 'ensemble 2025-06-01'],
        ['ETH/USD', 'fallback'],
      ]),
    );
    m.setOrders(
      new Map([
        ['filled', 7],
        ['rejected', 1],
        ['open', 2],
      ]),
    );
    m.iteration({ iteration: 1, time: 0, newBars: 2, equity: 10_250.5, cash: 9_000, drawdown: 0, positions: 2, openOrders: 2, latencyMs: 42 });
    m.iteration({
      iteration: 2,
      time: 0,
      newBars: 0,
      equity: 10_100,
      cash: 9_000,
      drawdown: 0.0146,
      positions: 2,
      openOrders: 2,
      latencyMs: 7,
      halted: 'kill switch: test',
    });
    m.error('retryable');
    m.error('retryable');
    m.error('rejected_order');
    server = await serveMetrics(m, 0);

    const res = await fetch(`http://127.0.0.1:${server.port}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toContain('bot_equity{mode="sandbox"} 10100');
    expect(text).toContain('bot_drawdown{mode="sandbox"} 0.0146');
    expect(text).toContain('bot_positions{mode="sandbox"} 2');
    expect(text).toContain('bot_orders{status="filled",mode="sandbox"} 7');
    expect(text).toContain('bot_orders{status="rejected",mode="sandbox"} 1');
    expect(text).toContain('bot_orders{status="unknown",mode="sandbox"} 0');
    expect(text).toContain('bot_errors_total{kind="retryable",mode="sandbox"} 2');
    expect(text).toContain('bot_errors_total{kind="fatal",mode="sandbox"} 0');
    expect(text).toContain('bot_loop_latency_seconds_count{mode="sandbox"} 2');
    expect(text).toContain('bot_loop_latency_seconds_bucket{le="0.05",mode="sandbox"} 2');
    expect(text).toContain('bot_iterations_total{mode="sandbox"} 2');
    expect(text).toContain('bot_entries_halted{mode="sandbox"} 1');
    expect(text).toContain('bot_model_info{asset="SOL/USD",scorer="ensemble 2025-06-01",mode="sandbox"} 1');

    expect((await fetch(`http://127.0.0.1:${server.port}/other`)).status).toBe(404);
  });

  it('drift: the state, the share of drifting features and the prediction quality per asset and model; a new model replaces the old series', async () => {
    const m = new DaemonMetrics({ mode: 'sandbox', processMetrics: false });
    const ref = [referenceBins(Float64Array.from({ length: 1000 }, (_, i) => i))];
    const shifted = inputDrift(ref, ['x'], [Float64Array.from({ length: 200 }, (_, i) => 800 + i)], {
      psi: { warning: 0.1, drifted: 0.25 },
      ks: { warning: 0.15, drifted: 0.3 },
      featureShare: 0.25,
    });
    const quality = predictionQuality([0.9, 0.8, 0.3, 0.2], [1, 1, 0, 1], {
      auc: { warning: 0.52, drifted: 0.48 },
      ece: { warning: 0.08, drifted: 0.15 },
      minPredictions: 1,
    });
    m.setDrift(driftReport('SOL/USD', 'ensemble/SOL-USD/v1', 0, shifted, quality), 'drifted');
    let text = await m.text();
    expect(text).toContain('bot_model_drift_state{asset="SOL/USD",model="ensemble/SOL-USD/v1",mode="sandbox"} 2');
    expect(text).toContain('bot_model_drift_feature_share{asset="SOL/USD",model="ensemble/SOL-USD/v1",mode="sandbox"} 1');
    expect(text).toContain('bot_model_prediction_quality{asset="SOL/USD",model="ensemble/SOL-USD/v1",metric="judged",mode="sandbox"} 4');
    expect(text).toMatch(/bot_model_prediction_quality\{asset="SOL\/USD",model="ensemble\/SOL-USD\/v1",metric="auc",mode="sandbox"\} 0\.666/);
    m.setDrift(driftReport('SOL/USD', 'ensemble/SOL-USD/v2', 1, null, null), 'unknown');
    text = await m.text();
    expect(text).not.toContain('ensemble/SOL-USD/v1');
    expect(text).toContain('bot_model_drift_state{asset="SOL/USD",model="ensemble/SOL-USD/v2",mode="sandbox"} -1');
  });

  it('two daemons in one process keep separate figures', async () => {
    const a = new DaemonMetrics({ mode: 'live', processMetrics: false });
    const b = new DaemonMetrics({ mode: 'live', processMetrics: false });
    a.error('fatal');
    expect(await a.text()).toContain('bot_errors_total{kind="fatal",mode="live"} 1');
    expect(await b.text()).toContain('bot_errors_total{kind="fatal",mode="live"} 0');
  });
});
