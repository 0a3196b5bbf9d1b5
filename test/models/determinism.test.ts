import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel, selectBackend, trainModel, type ModelKind } from '../../src/models/index.js';
import { lagTask } from './syntheticTask.js';

const data = (() => {
  const t = lagTask(256, 11, 12, 3, 6);
  const v = lagTask(64, 12, 12, 3, 6);
  return { trainX: t.x, trainY: t.y, valX: v.x, valY: v.y, windowLength: 12, featureCount: 3 };
})();

async function trainedWeights(kind: ModelKind, seed: number): Promise<Float32Array[]> {
  // Dropout on, so the seeded masks are part of what must repeat.
  const sizes = {
    lstm: { units: [8, 8], dropout: 0.2 },
    tcn: { filters: 8, dropout: 0.2 },
    transformer: { modelDim: 8, heads: 2, feedForwardDim: 16, layers: 1, dropout: 0.2 },
    cnnLstm: { convFilters: [4, 4] as [number, number], lstmUnits: [8, 8] as [number, number], dropout: 0.2 },
  }[kind];
  const model = buildModel(kind, { windowLength: 12, featureCount: 3, ...sizes }, seed);
  await trainModel(model, data, { epochs: 2, batchSize: 32, learningRate: 0.01, patience: 5, seed });
  const weights = model.weights.map((w) => w.read().dataSync().slice() as Float32Array);
  model.dispose();
  return weights;
}

beforeAll(async () => {
  await selectBackend('auto');
});

describe('seeded training', () => {
  for (const kind of ['lstm', 'tcn', 'transformer', 'cnnLstm'] as const) {
    it(`${kind}: the same seed on the same backend gives identical weights; another seed does not`, async () => {
      const a = await trainedWeights(kind, 5);
      const b = await trainedWeights(kind, 5);
      const c = await trainedWeights(kind, 6);
      expect(a.length).toBeGreaterThan(0);
      a.forEach((w, i) => expect(Array.from(w)).toEqual(Array.from(b[i] as Float32Array)));
      expect(a.some((w, i) => w.some((v, j) => v !== (c[i] as Float32Array)[j]))).toBe(true);
    });
  }

  it('leaks no tensors: training and disposing a model returns numTensors to where it was', async () => {
    const before = tf.memory().numTensors;
    await trainedWeights('transformer', 1);
    expect(tf.memory().numTensors).toBe(before);
  });
});
