/**
 * Backtest benchmarks: `npm run bench -- backtest`.
 * - cached: a 3-asset backtest (SOL, ETH, BTC; 2025 H1) scoring with production ensembles whose member
 *   predictions come from the prediction cache: asset-bars per second through the whole engine. The
 *   median of five runs after four warm-up runs (steadyRuns); cachedLong: the same over 2021-01 .. 2025-06
 *   (118k asset-bars), the median of three after one.
 * - live: the same backtest with live ensemble inference (streaming features, every member's predictor
 *   on every bar), and the p99 time of one asset's decision on one bar (timed in these runs only): the
 *   median of three runs after one.
 * - inference: samples/s of one default-size ensemble (4 members) at batch 1 and 256, on TensorFlow.js and
 *   on ONNX Runtime (where onnxruntime-node is installed), after a warm-up set of the same size (its rates
 *   are reported as `firstRounds`). Batch 1 is the daemon's one window per decision;
 *   batch 256 on ONNX is how a backtest fills its cache (predictSourceAsLive), on tfjs the plain batched pass.
 * The cached and live runs use the runtime models.runtime chooses (auto: ONNX where it loads).
 * The ensembles are trained with --quick sizes so the benchmark builds them in about a minute; the
 * inference figures use the default sizes (inference cost does not depend on the weights).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../src/cli/program.js';
import type { CliIo } from '../src/cli/context.js';
import type { Scorer } from '../src/ensemble/scorer.js';
import { parseEnsembleArtifact } from '../src/ensemble/ensembleArtifact.js';
import { selectBackend } from '../src/models/backend.js';
import { buildModel } from '../src/models/buildModel.js';
import { MODEL_KINDS } from '../src/models/kinds.js';
import { Predictor } from '../src/models/predictor.js';
import { onnxRuntime } from '../src/models/inference/inferenceRuntime.js';
import { importOnnxRuntime } from '../src/models/inference/ortModule.js';
import { arraySource } from '../src/models/training/samples.js';
import { ensembleVersionFile, writeProductionEnsemble } from '../src/runtime/ensemble/ensembleFiles.js';
import { homePaths } from '../src/runtime/home.js';
import { hasSharedData, SHARED_DATA_MISSING, sharedFile } from '../test/support/sharedData.js';
import { shipped } from './shipped.js';
import { steadyRuns } from './steadyRuns.js';

// The backtest loop and what it calls run as built (dist/, as `bot backtest` runs them; see shipped.ts).
const { runBacktest } = await shipped<typeof import('../src/backtest/runBacktest.js')>('backtest/runBacktest.js');
const { loadConfig } = await shipped<typeof import('../src/config/load.js')>('config/load.js');
const { silentLogger } = await shipped<typeof import('../src/internal/logger.js')>('internal/logger.js');
const { chooseInferenceRuntime } = await shipped<typeof import('../src/runtime/inferenceRuntimeChoice.js')>('runtime/inferenceRuntimeChoice.js');
const { productionScorers } = await shipped<typeof import('../src/runtime/ensemble/productionScorers.js')>('runtime/ensemble/productionScorers.js');
const { Store } = await shipped<typeof import('../src/store/store.js')>('store/store.js');

const ASSETS = ['SOL/USD', 'ETH/USD', 'BTC/USD'];
const FILES: Record<string, string> = { 'SOL/USD': 'SOL-USDT_1h.csv', 'ETH/USD': 'ETH-USDT_1h.csv', 'BTC/USD': 'BTC-USDT_1h.csv' };
const FROM = Date.parse('2025-01-01T00:00:00Z');
const TO = Date.parse('2025-06-30T00:00:00Z');
/** The long cached run: the 4.5 years of the engine bench's rule-based figure. */
const LONG_FROM = Date.parse('2021-01-01T00:00:00Z');

const quietIo = (cwd: string): CliIo => ({
  out: () => undefined,
  err: (t) => process.stderr.write(t),
  env: { ...process.env, BOT_LOG_LEVEL: 'error' },
  cwd,
  interactive: false,
});

function percentile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] as number;
}

/** Wrap scorers to time each decision. */
function timed(scorers: Map<string, Scorer>, samples: number[]): Map<string, Scorer> {
  const out = new Map<string, Scorer>();
  for (const [asset, s] of scorers) {
    // Everything the engine asks of a scorer passes through (without isReady the engine would wait for
    // `warmup` bars of its short history and never score).
    out.set(asset, {
      name: s.name,
      warmup: s.warmup,
      ...(s.observe && { observe: (sym, bar) => s.observe?.(sym, bar) }),
      ...(s.isReady && { isReady: (sym) => s.isReady?.(sym) ?? false }),
      ...(s.state && { state: () => s.state?.() }),
      score: async (sym, hist, ctx) => {
        const t = performance.now();
        const signal = await s.score(sym, hist, ctx);
        samples.push(performance.now() - t);
        return signal;
      },
    });
  }
  return out;
}

async function inference(): Promise<Record<string, unknown>> {
  const L = 32;
  const F = 51;
  const models = () => MODEL_KINDS.map((k) => buildModel(k, { windowLength: L, featureCount: F, returnHead: true }, 7));
  const one = new Float32Array(L * F).map((_, i) => Math.sin(i));
  const batch = new Float32Array(256 * L * F).map((_, i) => Math.sin(i));
  /**
   * Ensemble samples/s: every member scores `n` windows per call, `rounds` times, twice. The first set warms
   * up (ONNX Runtime's arenas, the JIT of the windowing code; a backtest filling its cache runs far more
   * batches than that) and is reported apart; the second is the figure.
   */
  const measure = async (calls: (() => unknown)[], n: number, rounds: number) => {
    const set = async () => {
      const t = performance.now();
      for (let r = 0; r < rounds; r++) for (const call of calls) await call();
      return Math.round((n * rounds) / ((performance.now() - t) / 1000));
    };
    const first = await set();
    return { first, steady: await set() };
  };
  /** One runtime's figures: its members at batch 1 (200 rounds) and at batch 256 (`batchRounds` rounds). */
  const figures = async (single: (() => unknown)[], batched: (() => unknown)[], batchRounds: number) => {
    const b1 = await measure(single, 1, 200);
    const b256 = await measure(batched, 256, batchRounds);
    return { batch1: b1.steady, batch256: b256.steady, firstRounds: { batch1: b1.first, batch256: b256.first } };
  };
  const tfjs = models().map((m) => new Predictor(m, { returnScale: 1 }));
  const ensembleSamplesPerSecond: Record<string, { batch1: number; batch256: number; firstRounds: { batch1: number; batch256: number } }> = {
    tfjs: await figures(
      tfjs.map((p) => () => p.predict(one)),
      tfjs.map((p) => () => p.predict(batch)),
      4,
    ),
  };
  for (const p of tfjs) p.dispose();
  const ort = await importOnnxRuntime().catch(() => undefined);
  if (ort) {
    const runtime = onnxRuntime(ort);
    const onnx = await Promise.all(models().map((model) => runtime.predictor({ model, returnScale: 1, owns: true })));
    const source = arraySource({ x: batch, y: new Float32Array(256), windowLength: L, featureCount: F });
    ensembleSamplesPerSecond['onnx'] = await figures(
      onnx.map((p) => () => p.predictOne(one)),
      onnx.map((p) => () => p.predictSourceAsLive(source)),
      20,
    );
    for (const p of onnx) p.dispose();
  }
  return { windowLength: L, features: F, members: MODEL_KINDS, ensembleSamplesPerSecond };
}

export async function run(): Promise<Record<string, unknown>> {
  if (!hasSharedData) return { skipped: SHARED_DATA_MISSING };
  const backend = await selectBackend('auto');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bot-bench-backtest-'));
  const home = homePaths(dir);
  try {
    for (const a of ASSETS)
      await runCli(['--home', dir, 'data', 'import', sharedFile('binance', FILES[a] as string), '--symbol', a, '--timeframe', '1h'], quietIo(dir));
    const trainStart = performance.now();
    await runCli(['--home', dir, 'optimize', '--assets', ...ASSETS, '--quick'], quietIo(dir));
    const optimizeSeconds = (performance.now() - trainStart) / 1000;
    // The quick candidate is seldom promoted: make it production, trading from the lowest tier below.
    const v = JSON.parse(fs.readFileSync(ensembleVersionFile(home.modelsDir, ASSETS, 'v1'), 'utf8')) as unknown;
    for (const a of ASSETS) writeProductionEnsemble(home.modelsDir, a, { ...parseEnsembleArtifact(v, 'quick candidate'), minConfidence: 0.51 });
    // Low tiers and costs so that the quick models trade and the order path is part of what is measured.
    const { config } = loadConfig(home.configFile, [
      { path: ['assets'], value: ASSETS, flag: '--assets' },
      { path: ['fees'], value: { taker: 0.0001, maker: 0 }, flag: 'bench' },
      { path: ['slippageBps'], value: 0, flag: 'bench' },
      {
        path: ['risk', 'tiers'],
        value: [
          { minConfidence: 0.56, size: 1 },
          { minConfidence: 0.53, size: 0.6 },
          { minConfidence: 0.51, size: 0.3 },
        ],
        flag: 'bench',
      },
      { path: ['portfolio', 'flipConfidence'], value: 0.52, flag: 'bench' },
    ]);
    const store = Store.open(home.database);
    const runtime = await chooseInferenceRuntime(config, silentLogger);
    try {
      const measureRun = async (mode: 'cached' | 'live', from = FROM) => {
        const prod = await productionScorers({
          config,
          store,
          modelsDir: home.modelsDir,
          logger: silentLogger,
          mode: mode === 'live' ? { kind: 'live' } : { kind: 'cached', from, to: TO },
          runtime,
        });
        const samples: number[] = [];
        let timing = { setupMs: 0, loopMs: 0, steps: 0 };
        // The process's CPU time at each reading of the clock (start, loop start, loop end): steadier than wall time on a shared machine.
        const cpu: number[] = [];
        const input = await runBacktest({
          config,
          source: store,
          from,
          to: TO,
          // Decisions are timed in the live runs only: the timing wrapper (an async score, two clock reads)
          // would be most of a cached decision's cost.
          scorers: mode === 'live' ? timed(prod.scorers, samples) : prod.scorers,
          runId: `bench-${mode}`,
          timing: {
            clock: () => {
              const u = process.cpuUsage();
              cpu.push((u.user + u.system) / 1000);
              return performance.now();
            },
            report: (t) => (timing = t),
          },
        });
        const seconds = timing.loopMs / 1000;
        prod.dispose();
        const assetBars = ASSETS.reduce((n, a) => n + store.candles.range(a, '1h', from, TO).length, 0);
        return {
          period: { from: new Date(from).toISOString().slice(0, 10), to: new Date(TO).toISOString().slice(0, 10) },
          assetBars,
          steps: input.equity.length,
          fills: input.fills.length,
          setupSeconds: Number((timing.setupMs / 1000).toFixed(3)),
          loopSeconds: Number(seconds.toFixed(3)),
          assetBarsPerSecond: Math.round(assetBars / seconds),
          assetBarsPerCpuSecond: Math.round(assetBars / (((cpu[2] ?? 0) - (cpu[1] ?? 0)) / 1000)),
          ...(samples.length > 0 && { decisionMs: { p50: Number(percentile(samples, 0.5).toFixed(3)), p99: Number(percentile(samples, 0.99).toFixed(3)) } }),
        };
      };
      type Run = Awaited<ReturnType<typeof measureRun>>;
      const steady = (run: () => Promise<Run>, o: { warmup: number; measured: number }) => steadyRuns(run, (x) => x.assetBarsPerSecond, o);
      // The first cached run of a period fills the cache (batch inference); the runs after it read it. A
      // half-year loop lasts a fraction of a second and the JIT is still tiering up over the first runs
      // (see warmupRuns): the median of five after four.
      await measureRun('cached');
      const cached = await steady(() => measureRun('cached'), { warmup: 4, measured: 5 });
      await measureRun('cached', LONG_FROM);
      const cachedLong = await steady(() => measureRun('cached', LONG_FROM), { warmup: 1, measured: 3 });
      const live = await steady(() => measureRun('live'), { warmup: 1, measured: 3 });
      return {
        backend,
        inferenceRuntime: runtime.name,
        optimizeQuickSeconds: Number(optimizeSeconds.toFixed(1)),
        cached,
        cachedLong,
        live,
        inference: await inference(),
      };
    } finally {
      store.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
