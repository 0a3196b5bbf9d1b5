import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { MODEL_KINDS, Predictor, arraySource, buildModel, selectBackend, type ModelKind } from '../../src/models/index.js';
import { lagTask } from './syntheticTask.js';

beforeAll(async () => {
  await selectBackend('auto');
});

describe('Predictor', () => {
  it('keeps tf.memory().numTensors constant over 10,000 consecutive predictions', () => {
    const model = buildModel('tcn', { windowLength: 8, featureCount: 2, filters: 4, dilations: [1, 2], returnHead: true }, 1);
    const predictor = new Predictor(model, { returnScale: 0.02 });
    const windows = lagTask(100, 1, 8, 2, 3).x;
    const stride = 16;
    predictor.predictOne(windows.subarray(0, stride));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 10_000; i++) {
      const k = i % 100;
      const p = predictor.predictOne(windows.subarray(k * stride, (k + 1) * stride));
      if (!(p.pUp >= 0 && p.pUp <= 1)) throw new Error(`P(up) ${p.pUp} out of range`);
      if (i % 2_500 === 0) expect(tf.memory().numTensors).toBe(before);
    }
    expect(tf.memory().numTensors).toBe(before);
    predictor.dispose();
  });

  for (const kind of ['lstm', 'transformer', 'cnnLstm'] as ModelKind[]) {
    it(`${kind}: batch, single and streamed predictions agree and leak nothing`, () => {
      const task = lagTask(37, 2, 10, 3, 4);
      const model = buildModel(kind, { windowLength: 10, featureCount: 3, returnHead: true, ...(kind === 'transformer' ? { modelDim: 8, heads: 2 } : {}) }, 3);
      const predictor = new Predictor(model, { returnScale: 0.05, maxBatch: 16 });
      const before = tf.memory().numTensors;
      const batch = predictor.predict(task.x);
      const streamed = predictor.predictSource(arraySource({ x: task.x, y: task.y, windowLength: 10, featureCount: 3 }));
      const third = predictor.predictOne(task.x.subarray(2 * 30, 3 * 30));
      expect(tf.memory().numTensors).toBe(before);
      expect(batch.pUp).toHaveLength(37);
      expect(Array.from(streamed.pUp)).toEqual(Array.from(batch.pUp));
      expect(third.pUp).toBeCloseTo(batch.pUp[2] as number, 5);
      expect(third.expectedReturn).toBeCloseTo((batch.expectedReturn as Float32Array)[2] as number, 6);
      predictor.dispose();
    });
  }

  for (const kind of MODEL_KINDS) {
    it(`${kind}: predictSourceAsLive gives, in batches, bit for bit what predictOne gives each window`, () => {
      // Default sizes, and batches well past the recurrent layers' one-window limit: where batched tfjs kernels round differently.
      const L = 32;
      const F = 12;
      const n = 300;
      const x = Float32Array.from({ length: n * L * F }, (_, i) => Math.sin(i * 0.37) * 1.3);
      const predictor = new Predictor(buildModel(kind, { windowLength: L, featureCount: F, returnHead: true }, 7), { returnScale: 0.05, maxBatch: 128 });
      const before = tf.memory().numTensors;
      const batched = predictor.predictSourceAsLive(arraySource({ x, y: new Float32Array(n), windowLength: L, featureCount: F }));
      for (let i = 0; i < n; i++) {
        const one = predictor.predictOne(x.subarray(i * L * F, (i + 1) * L * F));
        if (one.pUp !== batched.pUp[i] || one.expectedReturn !== batched.expectedReturn?.[i]) {
          throw new Error(`window ${i}: batched ${batched.pUp[i]} / ${batched.expectedReturn?.[i]}, one by one ${one.pUp} / ${one.expectedReturn}`);
        }
      }
      expect(tf.memory().numTensors).toBe(before);
      predictor.dispose();
    });
  }

  it('scales the return column by returnScale', () => {
    const model = buildModel('lstm', { windowLength: 4, featureCount: 1, units: [4], returnHead: true }, 9);
    const x = new Float32Array([0.1, -0.2, 0.3, 0.4]);
    const raw = tf.tidy(() => (model.predict(tf.tensor3d(x, [1, 4, 1])) as tf.Tensor).dataSync()[1] as number);
    const predictor = new Predictor(model, { returnScale: 0.5 });
    expect(predictor.predictOne(x).expectedReturn).toBeCloseTo(raw * 0.5, 6);
    predictor.dispose();
  });

  it('refuses windows of the wrong size and a return head without its scale', () => {
    const model = buildModel('lstm', { windowLength: 4, featureCount: 2, units: [4], returnHead: true }, 1);
    expect(() => new Predictor(model)).toThrow(/returnScale/);
    const predictor = new Predictor(model, { returnScale: 1 });
    expect(() => predictor.predict(new Float32Array(7))).toThrow(/4x2 windows/);
    predictor.dispose();
    expect(() => predictor.predict(new Float32Array(8))).toThrow(/after dispose/);
  });
});
