import { PassThrough } from 'node:stream';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  Predictor,
  arraySource,
  balancedClassWeights,
  buildModel,
  selectBackend,
  trainModel,
  trainingProgress,
  windowedSource,
  type EpochReport,
} from '../../src/models/index.js';
import { EarlyStopping } from '../../src/models/training/earlyStopping.js';
import { lagTask } from './syntheticTask.js';

beforeAll(async () => {
  await selectBackend('auto');
});

describe('EarlyStopping and class weights', () => {
  it('stops after `patience` epochs without an improvement larger than minDelta', () => {
    const s = new EarlyStopping(2, 0.01);
    expect(s.observe(1, 1.0)).toBe('improved');
    expect(s.observe(2, 0.995)).toBe('waiting');
    expect(s.observe(3, 0.9)).toBe('improved');
    expect(s.observe(4, 0.95)).toBe('waiting');
    expect(s.observe(5, Number.NaN)).toBe('stop');
    expect(s.bestEpoch).toBe(3);
  });

  it('balances classes so that each weighs half of the total', () => {
    const w = balancedClassWeights([1, 0, 0, 0]);
    expect(w.up * 1 + w.down * 3).toBeCloseTo(4);
    expect(w.up).toBeCloseTo(2);
    expect(w.down).toBeCloseTo(2 / 3);
    expect(() => balancedClassWeights([1, 1])).toThrow(/all up/);
  });
});

describe('trainModel', () => {
  const L = 8;
  const F = 2;
  const small = lagTask(128, 1, L, F, 4);
  const val = lagTask(128, 2, L, F, 4);
  const arrays = { trainX: small.x, trainY: small.y, valX: val.x, valY: val.y, windowLength: L, featureCount: F };

  it('ends holding the weights of its best validation epoch, not the last one', async () => {
    // Noise labels and a high learning rate: the model overfits, so validation loss rises after a while.
    const noisy = lagTask(64, 3, L, F, 4);
    const labels = Float32Array.from(noisy.y, (_, i) => ((i * 7919) % 3 === 0 ? 1 : 0));
    const model = buildModel('tcn', { windowLength: L, featureCount: F, filters: 16, dropout: 0 }, 1);
    const result = await trainModel(
      model,
      { ...arrays, trainX: noisy.x, trainY: labels },
      { epochs: 25, batchSize: 16, learningRate: 0.05, patience: 25, seed: 1 },
    );
    expect(result.stopReason).toBe('completed');
    expect(result.bestEpoch).toBeLessThan(25);
    const best = result.history[result.bestEpoch - 1] as EpochReport;
    const last = result.history.at(-1) as EpochReport;
    expect(last.valLoss).toBeGreaterThan(best.valLoss);
    // Re-score validation with the model as it is now: it is the best epoch's model.
    const p = new Predictor(model).predict(val.x).pUp;
    const w = result.classWeights;
    let loss = 0;
    p.forEach((q, i) => {
      const y = val.y[i] as number;
      const c = Math.min(Math.max(q, 1e-7), 1 - 1e-7);
      loss += -(y * Math.log(c) + (1 - y) * Math.log(1 - c)) * (y === 1 ? w.up : w.down);
    });
    expect(loss / p.length).toBeCloseTo(best.valLoss, 4);
  });

  it('stops early when validation loss stops improving', async () => {
    const model = buildModel('lstm', { windowLength: L, featureCount: F, units: [4] }, 2);
    const random = Float32Array.from(small.y, (_, i) => i % 2);
    const result = await trainModel(model, { ...arrays, trainY: random }, { epochs: 50, batchSize: 32, learningRate: 0.05, patience: 2, seed: 2 });
    expect(result.stopReason).toBe('earlyStopping');
    expect(result.epochsRun).toBe(result.bestEpoch + 2);
  });

  it('trains identically from a windowed source over one feature matrix and from materialised windows', async () => {
    // A feature matrix of 200 rows; windows end at rows 7..199. Materialise the same windows for comparison.
    const rows = lagTask(1, 5, 200, F, 1).x;
    const ends = Int32Array.from({ length: 193 }, (_, i) => i + 7);
    const labels = Float32Array.from(ends, (e) => ((rows[(e - 4) * F] as number) > 0 ? 1 : 0));
    const x = new Float32Array(ends.length * L * F);
    ends.forEach((e, i) => x.set(rows.subarray((e - L + 1) * F, (e + 1) * F), i * L * F));
    const streamed = windowedSource({ rows, featureCount: F, windowLength: L, ends, labels });
    const materialised = arraySource({ x, y: labels, windowLength: L, featureCount: F });
    const weightsAfter = async (train: typeof streamed) => {
      const model = buildModel('cnnLstm', { windowLength: L, featureCount: F, convFilters: [4, 4], lstmUnits: [4, 4] }, 3);
      await trainModel(model, { train, validation: train }, { epochs: 2, batchSize: 32, learningRate: 0.01, patience: 5, seed: 3 });
      const w = model.weights.map((v) => Array.from(v.read().dataSync()));
      model.dispose();
      return w;
    };
    expect(await weightsAfter(streamed)).toEqual(await weightsAfter(materialised));
  });

  it('learns the expected return with a return head, reported in return units', async () => {
    const t = lagTask(1024, 6, L, F, 3);
    const v = lagTask(256, 7, L, F, 3);
    const model = buildModel('tcn', { windowLength: L, featureCount: F, filters: 8, dropout: 0, returnHead: true }, 4);
    const result = await trainModel(
      model,
      { trainX: t.x, trainY: t.y, valX: v.x, valY: v.y, windowLength: L, featureCount: F, trainReturns: t.returns, valReturns: v.returns },
      { epochs: 12, batchSize: 64, learningRate: 0.02, patience: 12, seed: 4 },
    );
    expect(result.returnScale).toBeGreaterThan(0.004);
    expect(result.returnScale).toBeLessThan(0.007);
    const { expectedReturn } = new Predictor(model, { returnScale: result.returnScale }).predict(v.x);
    let err = 0;
    let spread = 0;
    (expectedReturn as Float32Array).forEach((r, i) => {
      err += (r - (v.returns[i] as number)) ** 2;
      spread += (v.returns[i] as number) ** 2;
    });
    expect(err / spread).toBeLessThan(0.2);
  });

  it('refuses non-finite features, labels other than 0/1, and a return head without returns', async () => {
    const model = buildModel('lstm', { windowLength: L, featureCount: F, units: [4] }, 5);
    const bad = small.x.slice();
    bad[3 * L * F + 5] = Number.NaN;
    const opts = { epochs: 1, batchSize: 256, learningRate: 0.01, patience: 1, seed: 1 };
    await expect(trainModel(model, { ...arrays, trainX: bad }, opts)).rejects.toThrow(/sample 3: feature value NaN at step 2, feature 1/);
    await expect(trainModel(model, { ...arrays, trainY: small.y.map((y) => y * 2) }, opts)).rejects.toThrow(/label 2 is not 0 or 1/);
    const withHead = buildModel('lstm', { windowLength: L, featureCount: F, units: [4], returnHead: true }, 5);
    await expect(trainModel(withHead, arrays, opts)).rejects.toThrow(/return head: give trainReturns and valReturns/);
    await expect(trainModel(model, { ...arrays, windowLength: 4, featureCount: 4 }, opts)).rejects.toThrow(/windows are 4x4, the model takes 8x2/);
  });

  it('stops between batches when aborted, keeping the best weights so far', async () => {
    const model = buildModel('lstm', { windowLength: L, featureCount: F, units: [4] }, 6);
    const stop = new AbortController();
    const result = await trainModel(model, arrays, {
      epochs: 10,
      batchSize: 16,
      learningRate: 0.01,
      patience: 10,
      seed: 6,
      signal: stop.signal,
      onEpoch: (e) => e.epoch === 2 && stop.abort(),
    });
    expect(result.stopReason).toBe('aborted');
    expect(result.epochsRun).toBe(2);
  });
});

describe('trainingProgress', () => {
  const report = (epoch: number): EpochReport => ({
    epoch,
    epochs: 3,
    loss: 0.6,
    accuracy: 0.6,
    valLoss: 0.65,
    valAccuracy: 0.55,
    improved: true,
    bestEpoch: epoch,
    backend: 'wasm',
    seconds: 1.25,
  });

  it('off a terminal: one log line per epoch, naming the backend, and no bar', () => {
    const lines: Array<[string, Record<string, unknown>]> = [];
    const out = new PassThrough();
    let drawn = '';
    out.on('data', (d: Buffer) => (drawn += d.toString()));
    const p = trainingProgress({ label: 'lstm SOL/USD', stream: out, interactive: false, log: (m, f) => lines.push([m, f]) });
    p.onBatch({ epoch: 1, batch: 1, batches: 4, loss: 0.7 });
    p.onEpoch(report(1));
    p.onEpoch(report(2));
    expect(drawn).toBe('');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toEqual(['lstm SOL/USD epoch 1/3', { loss: 0.6, valLoss: 0.65, valAccuracy: 0.55, bestEpoch: 1, backend: 'wasm', seconds: 1.25 }]);
  });

  it('on a terminal: draws a bar per epoch to the given stream, then logs the epoch', () => {
    const out = Object.assign(new PassThrough(), { isTTY: true, columns: 120, cursorTo: () => true, clearLine: () => true, moveCursor: () => true });
    let drawn = '';
    out.on('data', (d: Buffer) => (drawn += d.toString()));
    const lines: string[] = [];
    const p = trainingProgress({ label: 'tcn BTC/USD', stream: out, interactive: true, log: (m) => lines.push(m) });
    for (let b = 1; b <= 4; b++) p.onBatch({ epoch: 1, batch: b, batches: 4, loss: 0.5 });
    p.onEpoch(report(1));
    p.stop();
    expect(drawn).toContain('tcn BTC/USD epoch 1');
    expect(lines).toEqual(['tcn BTC/USD epoch 1/3']);
  });
});

describe('memory', () => {
  it('training leaves no tensors behind besides the model', async () => {
    const model = buildModel('transformer', { windowLength: 8, featureCount: 2, modelDim: 8, heads: 2, returnHead: true }, 1);
    const before = tf.memory().numTensors;
    const t = lagTask(64, 9, 8, 2, 3);
    await trainModel(
      model,
      { trainX: t.x, trainY: t.y, valX: t.x, valY: t.y, windowLength: 8, featureCount: 2, trainReturns: t.returns, valReturns: t.returns },
      { epochs: 2, batchSize: 16, learningRate: 0.01, patience: 2, seed: 1 },
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});
