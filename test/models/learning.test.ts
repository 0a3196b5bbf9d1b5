import { beforeAll, describe, expect, it } from 'vitest';
import { Predictor, buildModel, selectBackend, trainModel, type ModelKind, type ModelSpec } from '../../src/models/index.js';
import { accuracy, lagTask } from './syntheticTask.js';

/** Tiny sizes: each model must learn in seconds on the wasm backend. */
const TINY: { [K in ModelKind]: Partial<ModelSpec<K>> } = {
  lstm: { units: [16], dropout: 0 },
  tcn: { filters: 16, dropout: 0 },
  transformer: { modelDim: 16, heads: 2, feedForwardDim: 32, layers: 1, dropout: 0 },
  cnnLstm: { convFilters: [8, 8], lstmUnits: [16, 16], dropout: 0 },
};

const train = lagTask(4096, 1);
const validation = lagTask(512, 2);
const test = lagTask(1000, 3);

beforeAll(async () => {
  await selectBackend('auto');
});

describe('each architecture learns a dependency 15 steps back (synthetic task)', () => {
  for (const kind of Object.keys(TINY) as ModelKind[]) {
    it(`${kind} scores > 95% on unseen windows`, async () => {
      const model = buildModel(kind, { windowLength: train.windowLength, featureCount: train.featureCount, ...TINY[kind] }, 7);
      // Stop once validation shows the task is learnt: the assertion is on a separate test set.
      const enough = new AbortController();
      const result = await trainModel(
        model,
        { trainX: train.x, trainY: train.y, valX: validation.x, valY: validation.y, windowLength: train.windowLength, featureCount: train.featureCount },
        {
          epochs: 40,
          batchSize: 128,
          learningRate: 0.02,
          patience: 40,
          seed: 3,
          signal: enough.signal,
          onEpoch: (e) => {
            if (e.valAccuracy > 0.975) enough.abort();
          },
        },
      );
      const predictor = new Predictor(model);
      const score = accuracy(predictor.predict(test.x).pUp, test.y);
      predictor.dispose();
      expect(result.bestEpoch).toBeGreaterThan(0);
      expect(score).toBeGreaterThan(0.95);
    });
  }
});
