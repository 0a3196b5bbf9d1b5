/**
 * `npm run bench -- models`: per model kind and backend, the parameter count, seconds per training epoch
 * on a fixed synthetic dataset (windows of 64 steps x 16 features, batch 128), and inference throughput
 * through Predictor at batch 1 and batch 256. `tfjsLstm32` is tf.layers.lstm (32 units), the reference the
 * project's notes quote (~1.5k samples/s at batch 256 on wasm); `lstm32` is ours at the same size.
 * The cpu backend trains on a quarter of the samples (it is 5-10x slower); seconds are as measured.
 * `onnx` is the same trained model exported to ONNX and run by onnxruntime-node (where it is installed), at
 * batch 1 (predictOne) and batch 256 (predictSourceAsLive): measured once, under the wasm entry.
 */
import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { seededRng } from '../src/domain/random.js';
import { MODEL_KINDS, Predictor, arraySource, buildModel, countParams, selectBackend, trainModel, type BackendName } from '../src/models/index.js';
import { onnxRuntime } from '../src/models/inference/inferenceRuntime.js';
import { importOnnxRuntime, type OrtModule } from '../src/models/inference/ortModule.js';

const L = 64;
const F = 16;
const BATCH = 128;
const TRAIN_SAMPLES = { wasm: 2048, cpu: 512, tensorflow: 2048 } as const;
const VALIDATION_SAMPLES = 256;

/** `ours`: built by buildModel, so the ONNX exporter knows its layers (tf.layers.lstm it does not). */
type Entry = { name: string; build: () => tf.LayersModel; ours: boolean };

const entries: Entry[] = [
  ...MODEL_KINDS.map((kind) => ({ name: kind, build: () => buildModel(kind, { windowLength: L, featureCount: F }, 1), ours: true })),
  { name: 'lstm32', build: () => buildModel('lstm', { windowLength: L, featureCount: F, units: [32], dropout: 0 }, 1), ours: true },
  { name: 'tfjsLstm32', build: referenceLstm, ours: false },
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

async function measure(entry: Entry, backend: BackendName, ort?: OrtModule) {
  const n = TRAIN_SAMPLES[backend];
  const train = dataset(n, 1);
  const val = dataset(VALIDATION_SAMPLES, 2);
  const model = entry.build();
  const result = await trainModel(
    model,
    { trainX: train.x, trainY: train.y, valX: val.x, valY: val.y, windowLength: L, featureCount: F },
    { epochs: 2, batchSize: BATCH, learningRate: 1e-3, patience: 5, seed: 1, now: () => performance.now() },
  );
  const predictor = new Predictor(model, { maxBatch: 256, ownsModel: false });
  const figures = {
    parameters: countParams(model),
    epoch: { samples: n, batchSize: BATCH, seconds: round(result.history.at(-1)?.seconds ?? Number.NaN), includesValidationOf: VALIDATION_SAMPLES },
    inferenceSamplesPerSecond: { batch1: throughput(predictor, val.x, 1, 2), batch256: throughput(predictor, val.x, 256, 3) },
    ...(ort && entry.ours && { onnx: { inferenceSamplesPerSecond: await onnxThroughput(ort, model, val.x) } }),
  };
  predictor.dispose();
  model.dispose();
  return figures;
}

async function onnxThroughput(ort: OrtModule, model: tf.LayersModel, windows: Float32Array): Promise<{ batch1: number; batch256: number }> {
  const predictor = await onnxRuntime(ort).predictor({ model, returnScale: null, owns: false });
  const rate = async (batch: number, seconds: number) => {
    const source = arraySource({ x: windows.subarray(0, batch * L * F), y: new Float32Array(batch), windowLength: L, featureCount: F });
    const one = windows.subarray(0, L * F);
    const call = () => (batch === 1 ? predictor.predictOne(one) : predictor.predictSourceAsLive(source));
    await call();
    let samples = 0;
    const start = performance.now();
    while (performance.now() - start < seconds * 1000) {
      await call();
      samples += batch;
    }
    return Math.round(samples / ((performance.now() - start) / 1000));
  };
  const figures = { batch1: await rate(1, 2), batch256: await rate(256, 3) };
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
    // ONNX Runtime does not depend on the tfjs backend: measured once.
    const ort = backend === 'wasm' ? await importOnnxRuntime().catch(() => undefined) : undefined;
    for (const entry of entries) perKind[entry.name] = await measure(entry, backend, ort);
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
