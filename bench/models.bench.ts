/**
 * `npm run bench -- models`: per model kind and backend, the parameter count, seconds per training epoch
 * on a fixed synthetic dataset (windows of 64 steps x 16 features, batch 128), and inference throughput
 * through Predictor at batch 1 and batch 256. `tfjsLstm32` is tf.layers.lstm (32 units), the reference the
 * project's notes quote (~1.5k samples/s at batch 256 on wasm); `lstm32` is ours at the same size.
 * The cpu backend trains on a quarter of the samples (it is 5-10x slower); seconds are as measured.
 */
import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { seededRng } from '../src/domain/random.js';
import { MODEL_KINDS, Predictor, buildModel, countParams, selectBackend, trainModel, type BackendName } from '../src/models/index.js';

const L = 64;
const F = 16;
const BATCH = 128;
const TRAIN_SAMPLES = { wasm: 2048, cpu: 512, tensorflow: 2048 } as const;
const VALIDATION_SAMPLES = 256;

type Entry = { name: string; build: () => tf.LayersModel };

const entries: Entry[] = [
  ...MODEL_KINDS.map((kind) => ({ name: kind, build: () => buildModel(kind, { windowLength: L, featureCount: F }, 1) })),
  { name: 'lstm32', build: () => buildModel('lstm', { windowLength: L, featureCount: F, units: [32], dropout: 0 }, 1) },
  { name: 'tfjsLstm32', build: referenceLstm },
];

function referenceLstm(): tf.LayersModel {
  const input = tf.input({ shape: [L, F] });
  const h = tf.layers
    .lstm({ units: 32, kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }), recurrentInitializer: tf.initializers.glorotUniform({ seed: 2 }) })
    .apply(input);
  const out = tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }).apply(h);
  return tf.model({ inputs: input, outputs: out as tf.SymbolicTensor });
}

function dataset(n: number, seed: number): { x: Float32Array; y: Float32Array } {
  const rng = seededRng(seed);
  const x = new Float32Array(n * L * F);
  for (let i = 0; i < x.length; i++) x[i] = rng.next() * 2 - 1;
  const y = Float32Array.from({ length: n }, (_, i) => ((x[i * L * F + 20 * F] as number) > 0 ? 1 : 0));
  return { x, y };
}

function throughput(predictor: Predictor, windows: Float32Array, batch: number, seconds: number): number {
  const stride = L * F;
  const chunk = windows.subarray(0, batch * stride);
  predictor.predict(chunk);
  let samples = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    predictor.predict(chunk);
    samples += batch;
  }
  return Math.round(samples / ((performance.now() - start) / 1000));
}

async function measure(entry: Entry, backend: BackendName) {
  const n = TRAIN_SAMPLES[backend];
  const train = dataset(n, 1);
  const val = dataset(VALIDATION_SAMPLES, 2);
  const model = entry.build();
  const result = await trainModel(
    model,
    { trainX: train.x, trainY: train.y, valX: val.x, valY: val.y, windowLength: L, featureCount: F },
    { epochs: 2, batchSize: BATCH, learningRate: 1e-3, patience: 5, seed: 1, now: () => performance.now() },
  );
  const predictor = new Predictor(model, { maxBatch: 256 });
  const figures = {
    parameters: countParams(model),
    epoch: { samples: n, batchSize: BATCH, seconds: round(result.history.at(-1)?.seconds ?? Number.NaN), includesValidationOf: VALIDATION_SAMPLES },
    inferenceSamplesPerSecond: { batch1: throughput(predictor, val.x, 1, 2), batch256: throughput(predictor, val.x, 256, 3) },
  };
  predictor.dispose();
  return figures;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

export async function run(): Promise<Record<string, unknown>> {
  const loadBefore = os.loadavg()[0];
  const results: Record<string, Record<string, unknown>> = {};
  for (const backend of ['wasm', 'cpu'] as const) {
    await selectBackend(backend);
    const perKind: Record<string, unknown> = {};
    for (const entry of entries) perKind[entry.name] = await measure(entry, backend);
    results[backend] = perKind;
  }
  await selectBackend('wasm');
  return {
    window: { steps: L, features: F },
    wasm: { simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'), threads: tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') },
    loadAverage1m: { before: round(loadBefore ?? 0), after: round(os.loadavg()[0] ?? 0) },
    backends: results,
  };
}
