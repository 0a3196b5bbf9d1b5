import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/internal/errors.js';
import {
  MODEL_KINDS,
  Predictor,
  buildModel,
  loadModel,
  modelDirectory,
  modelMetaFor,
  modelMetaSchema,
  resolveSpec,
  saveModel,
  selectBackend,
  trainModel,
  type ModelKind,
  type ModelMeta,
  type TrainOptions,
} from '../../src/models/index.js';
import { makeTempHome } from '../support/tempHome.js';
import { lagTask } from './syntheticTask.js';

const home = makeTempHome('bot-models-');
const L = 10;
const F = 3;
const SMALL = {
  lstm: { units: [6, 4] },
  tcn: { filters: 6 },
  transformer: { modelDim: 8, heads: 2, feedForwardDim: 16, layers: 1 },
  cnnLstm: { convFilters: [4, 4] as [number, number], lstmUnits: [6, 4] as [number, number] },
};
const task = lagTask(96, 4, L, F, 5);
const probe = lagTask(20, 5, L, F, 5).x;
const options: TrainOptions = { epochs: 2, batchSize: 32, learningRate: 0.01, patience: 3, seed: 1 };
const range = (from: string, to: string, samples: number) => ({ from, to, samples });

async function trainedAndSaved(kind: ModelKind, dir: string, schemaHash = 'feat-v1') {
  const spec = resolveSpec(kind, { windowLength: L, featureCount: F, returnHead: true, ...SMALL[kind] });
  const model = buildModel(kind, spec, 21);
  const training = await trainModel(
    model,
    { trainX: task.x, trainY: task.y, valX: task.x, valY: task.y, windowLength: L, featureCount: F, trainReturns: task.returns, valReturns: task.returns },
    options,
  );
  const meta = modelMetaFor({
    kind,
    spec,
    asset: 'SOL/USD',
    version: 'v1',
    featureSchemaHash: schemaHash,
    normalisation: { method: 'zscore', mean: [0, 0, 0], std: [1, 1, 1] },
    ranges: {
      train: range('2021-01-01T00:00:00.000Z', '2022-01-01T00:00:00.000Z', 96),
      validation: range('2022-01-02T00:00:00.000Z', '2022-03-01T00:00:00.000Z', 96),
      test: null,
    },
    seed: 21,
    createdAt: '2025-07-01T12:00:00.000Z',
    model,
    training,
    options,
  });
  await saveModel(dir, model, meta);
  return { model, meta };
}

beforeAll(async () => {
  await selectBackend('auto');
});
afterAll(() => home.cleanup());

describe('save -> load', () => {
  for (const kind of MODEL_KINDS) {
    it(`${kind}: the loaded model predicts exactly what the saved one did`, async () => {
      const dir = modelDirectory(path.join(home.dir, 'models'), kind, 'SOL/USD', 'v1');
      const { model, meta } = await trainedAndSaved(kind, dir);
      const before = new Predictor(model, { returnScale: meta.returnScale }).predict(probe);
      const loaded = await loadModel(dir, 'feat-v1');
      const after = Predictor.fromLoaded(loaded).predict(probe);
      expect(Array.from(after.pUp)).toEqual(Array.from(before.pUp));
      expect(Array.from(after.expectedReturn as Float32Array)).toEqual(Array.from(before.expectedReturn as Float32Array));
      expect(loaded.meta).toEqual(meta);
      model.dispose();
      loaded.model.dispose();
    });
  }

  it('writes the tfjs-node layout, a valid meta.json and a training curve', async () => {
    const dir = path.join(home.dir, 'layout', 'lstm', 'SOL-USD', 'v1');
    const { model } = await trainedAndSaved('lstm', dir);
    model.dispose();
    expect(fs.readdirSync(dir).sort()).toEqual(['meta.json', 'model.json', 'training-curve.svg', 'weights.bin']);
    const modelJson = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8'));
    expect(Object.keys(modelJson).sort()).toEqual(['convertedBy', 'format', 'generatedBy', 'modelTopology', 'weightsManifest']);
    expect(modelJson.format).toBe('layers-model');
    expect(modelJson.weightsManifest).toHaveLength(1);
    expect(modelJson.weightsManifest[0].paths).toEqual(['weights.bin']);
    const bytes = modelJson.weightsManifest[0].weights.reduce((n: number, w: { shape: number[] }) => n + 4 * w.shape.reduce((a, b) => a * b, 1), 0);
    expect(fs.statSync(path.join(dir, 'weights.bin')).size).toBe(bytes);
    const meta = modelMetaSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8')));
    expect(meta.featureSchemaHash).toBe('feat-v1');
    expect(meta.hyperparameters.spec).toMatchObject({ units: [6, 4], windowLength: L, featureCount: F, returnHead: true });
    expect(meta.history).toHaveLength(2);
    expect([1, 2]).toContain(meta.bestEpoch);
    expect(meta.backend).toBe('wasm');
    const svg = fs.readFileSync(path.join(dir, 'training-curve.svg'), 'utf8');
    expect(svg).toMatch(/^<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg.match(/<polyline/g)).toHaveLength(2);
  });

  it('refuses a model trained on another feature schema, saying what to do', async () => {
    const dir = path.join(home.dir, 'mismatch', 'v1');
    (await trainedAndSaved('tcn', dir, 'feat-v1')).model.dispose();
    const attempt = loadModel(dir, 'feat-v2');
    await expect(attempt).rejects.toBeInstanceOf(UserError);
    await expect(loadModel(dir, 'feat-v2')).rejects.toThrow(/trained on feature schema feat-v1, but the features are now schema feat-v2/);
  });

  it('never overwrites a version, and reports missing or damaged files as user errors', async () => {
    const dir = path.join(home.dir, 'immutable', 'v1');
    const { model, meta } = await trainedAndSaved('lstm', dir);
    await expect(saveModel(dir, model, meta)).rejects.toThrow(/already exists/);
    model.dispose();
    await expect(loadModel(path.join(home.dir, 'nowhere'), 'feat-v1')).rejects.toThrow(/no saved model at .*meta.json is missing/);
    const broken = path.join(home.dir, 'immutable', 'broken');
    fs.cpSync(dir, broken, { recursive: true });
    const damaged: Partial<ModelMeta> = { ...meta, windowLength: -1 };
    fs.writeFileSync(path.join(broken, 'meta.json'), JSON.stringify(damaged));
    await expect(loadModel(broken, 'feat-v1')).rejects.toThrow(/meta.json: windowLength/);
    fs.writeFileSync(path.join(broken, 'meta.json'), JSON.stringify(meta));
    fs.rmSync(path.join(broken, 'weights.bin'));
    await expect(loadModel(broken, 'feat-v1')).rejects.toThrow(/weight file weights.bin is missing/);
  });

  it('a model saved on the plain cpu backend (no tfjs-node anywhere) loads and agrees on wasm', async () => {
    await selectBackend('cpu');
    const dir = path.join(home.dir, 'cpu-saved', 'v1');
    const { model, meta } = await trainedAndSaved('transformer', dir);
    const onCpu = new Predictor(model, { returnScale: meta.returnScale }).predict(probe);
    model.dispose();
    await selectBackend('wasm');
    const loaded = await loadModel(dir, 'feat-v1');
    const onWasm = Predictor.fromLoaded(loaded).predict(probe);
    loaded.model.dispose();
    onWasm.pUp.forEach((p, i) => expect(p).toBeCloseTo(onCpu.pUp[i] as number, 4));
    expect(tf.getBackend()).toBe('wasm');
  });
});
