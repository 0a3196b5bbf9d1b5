import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerCustomLayers, selectBackend } from '../../src/models/index.js';
import { HOST_BATCH_LIMIT } from '../../src/models/layers/stackedLstm.js';
import {
  CausalConv1d,
  LastTimeStep,
  LayerNorm,
  MultiHeadSelfAttention,
  Patches,
  PositionalEncoding,
  SeededDropout,
  StackedLstm,
} from '../../src/models/layers/index.js';

beforeAll(async () => {
  await selectBackend('wasm');
  registerCustomLayers();
});

function values(t: tf.Tensor): number[] {
  return Array.from(t.dataSync());
}

describe('CausalConv1d', () => {
  it('equals a left-padded dilated tf.conv1d with the same weights, in training (matMul) and inference (conv) paths', () => {
    const layer = new CausalConv1d({ filters: 5, kernelSize: 3, dilation: 4, activation: 'relu', seed: 1 });
    const x = tf.randomNormal([2, 20, 3], 0, 1, 'float32', 7) as tf.Tensor3D;
    const training = values(layer.apply(x, { training: true }) as tf.Tensor);
    const inference = values(layer.apply(x) as tf.Tensor);
    const [kernel, bias] = layer.getWeights() as [tf.Tensor, tf.Tensor];
    const reference = values(
      tf.relu(
        tf.add(
          tf.conv1d(
            tf.pad(x, [
              [0, 0],
              [8, 0],
              [0, 0],
            ]),
            tf.reshape(kernel, [3, 3, 5]) as tf.Tensor3D,
            1,
            'valid',
            'NWC',
            4,
          ),
          bias,
        ),
      ),
    );
    expect(reference.some((v) => v > 0)).toBe(true);
    training.forEach((v, i) => expect(v).toBeCloseTo(reference[i] as number, 4));
    inference.forEach((v, i) => expect(v).toBeCloseTo(reference[i] as number, 4));
  });

  it('never looks ahead: changing step t leaves every earlier output unchanged', () => {
    const layer = new CausalConv1d({ filters: 2, kernelSize: 2, dilation: 2, activation: 'relu', seed: 2 });
    const base = tf.randomNormal([1, 12, 2], 0, 1, 'float32', 3);
    const changed = tf.add(base, tf.oneHot([7], 12).reshape([1, 12, 1]).tile([1, 1, 2]));
    const a = (layer.apply(base, { training: true }) as tf.Tensor).arraySync() as number[][][];
    const b = (layer.apply(changed, { training: true }) as tf.Tensor).arraySync() as number[][][];
    expect(b[0]?.slice(0, 7)).toEqual(a[0]?.slice(0, 7));
    expect(b[0]?.slice(7)).not.toEqual(a[0]?.slice(7));
  });

  it('trains on wasm: a dilated kernel gets a gradient (tfjs has none for dilated conv1d)', () => {
    const layer = new CausalConv1d({ filters: 2, kernelSize: 3, dilation: 8, activation: 'linear', seed: 4 });
    const x = tf.randomNormal([2, 30, 2], 0, 1, 'float32', 5);
    layer.apply(x);
    const kernel = layer.trainableWeights[0]?.read() as tf.Variable;
    const { grads } = tf.variableGrads(() => tf.sum(tf.square(layer.apply(x) as tf.Tensor)) as tf.Scalar, [kernel]);
    expect(values(Object.values(grads)[0] as tf.Tensor).some((g) => g !== 0)).toBe(true);
  });
});

describe('StackedLstm', () => {
  it('carries an early step through to its last output', () => {
    const layer = new StackedLstm({ units: [6, 5], dropout: 0, seed: 3 });
    const base = tf.randomNormal([1, 16, 2], 0, 1, 'float32', 4);
    const changed = tf.add(base, tf.oneHot([1], 16).reshape([1, 16, 1]).tile([1, 1, 2]));
    const a = values(layer.apply(base, { training: true }) as tf.Tensor);
    const b = values(layer.apply(changed, { training: true }) as tf.Tensor);
    expect(a).toHaveLength(5);
    expect(a).not.toEqual(b);
  });

  it('small inference batches (plain-JS path) agree with the tensor path', () => {
    const layer = new StackedLstm({ units: [7, 5], dropout: 0.3, seed: 6 });
    const x = tf.randomNormal([HOST_BATCH_LIMIT + 3, 9, 4], 0, 1, 'float32', 2);
    const viaTensors = values(layer.apply(x) as tf.Tensor).slice(0, 2 * 5);
    const viaHost = values(layer.apply(tf.slice(x, [0, 0, 0], [2, 9, 4])) as tf.Tensor);
    viaHost.forEach((v, i) => expect(v).toBeCloseTo(viaTensors[i] as number, 5));
  });

  it('computes the LSTM recurrence (checked against a plain-JS LSTM on its own weights)', () => {
    const units = 3;
    const layer = new StackedLstm({ units: [units], dropout: 0, seed: 8 });
    const x = tf.randomNormal([1, 5, 2], 0, 1, 'float32', 9);
    const ours = values(layer.apply(x, { training: true }) as tf.Tensor);
    const kernel = (layer.getWeights()[0] as tf.Tensor).arraySync() as number[][];
    const xs = (x.arraySync() as number[][][])[0] as number[][];
    const sig = (v: number) => 1 / (1 + Math.exp(-v));
    let h = [0, 0, 0];
    let c = [0, 0, 0];
    for (const xt of xs) {
      const a = [...xt, ...h, 1];
      const gate = (g: number, j: number) => (kernel[g * units + j] as number[]).reduce((s, w, k) => s + w * (a[k] as number), 0);
      const next = [0, 1, 2].map((j) => {
        const i = sig(gate(0, j));
        const f = sig(gate(1, j));
        const o = sig(gate(2, j));
        const g = Math.tanh(gate(3, j) / 2);
        const cj = f * (c[j] as number) + i * g;
        return { c: cj, h: o * Math.tanh(cj) };
      });
      c = next.map((n) => n.c);
      h = next.map((n) => n.h);
    }
    ours.forEach((v, j) => expect(v).toBeCloseTo(h[j] as number, 5));
  });
});

describe('LayerNorm, PositionalEncoding, SeededDropout', () => {
  it('LayerNorm normalises the last axis to mean 0 and variance 1 before its gain', () => {
    const y = new LayerNorm().apply(tf.randomNormal([3, 4, 8], 2, 5, 'float32', 1)) as tf.Tensor;
    const { mean, variance } = tf.moments(y, -1);
    values(mean).forEach((m) => expect(m).toBeCloseTo(0, 5));
    values(variance).forEach((v) => expect(v).toBeCloseTo(1, 3));
  });

  it('Patches groups steps into tokens, zero-padding the oldest end', () => {
    const x = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 5, 2]);
    const y = new Patches({ size: 2 }).apply(x) as tf.Tensor;
    expect(y.shape).toEqual([1, 3, 4]);
    expect(y.arraySync()).toEqual([
      [
        [0, 0, 1, 2],
        [3, 4, 5, 6],
        [7, 8, 9, 10],
      ],
    ]);
  });

  it('PositionalEncoding adds sin/cos of the step to the input', () => {
    const y = (new PositionalEncoding().apply(tf.zeros([1, 3, 4])) as tf.Tensor).arraySync() as number[][][];
    expect(y[0]?.[0]).toEqual([0, 1, 0, 1]);
    expect(y[0]?.[2]?.[0]).toBeCloseTo(Math.sin(2), 6);
    expect(y[0]?.[2]?.[3]).toBeCloseTo(Math.cos(2 / 100), 6);
  });

  it('SeededDropout: identity at inference; masks repeat per seed and change from step to step', () => {
    const x = tf.ones([1, 200]);
    const mk = () => new SeededDropout({ rate: 0.5, seed: 42 });
    const a = mk();
    const b = mk();
    expect(values(a.apply(x) as tf.Tensor)).toEqual(values(x));
    const a1 = values(a.apply(x, { training: true }) as tf.Tensor);
    const a2 = values(a.apply(x, { training: true }) as tf.Tensor);
    const b1 = values(b.apply(x, { training: true }) as tf.Tensor);
    expect(a1).toEqual(b1);
    expect(a1).not.toEqual(a2);
    expect(new Set(a1)).toEqual(new Set([0, 2]));
  });
});

describe('serialisation of the custom layers', () => {
  it('a model of every custom layer goes to JSON and back with identical outputs', async () => {
    const input = tf.input({ shape: [12, 4] });
    let x = new CausalConv1d({ filters: 8, kernelSize: 2, dilation: 2, activation: 'relu', seed: 1 }).apply(input) as tf.SymbolicTensor;
    x = new Patches({ size: 5 }).apply(x) as tf.SymbolicTensor;
    x = new PositionalEncoding().apply(x) as tf.SymbolicTensor;
    x = new MultiHeadSelfAttention({ heads: 2, seed: 2 }).apply(x) as tf.SymbolicTensor;
    x = new LayerNorm({ epsilon: 1e-3 }).apply(x) as tf.SymbolicTensor;
    x = new SeededDropout({ rate: 0.3, seed: 3 }).apply(x) as tf.SymbolicTensor;
    const seq = new StackedLstm({ units: [5, 3], dropout: 0.1, seed: 4 }).apply(x) as tf.SymbolicTensor;
    const last = new LastTimeStep().apply(x) as tf.SymbolicTensor;
    const out = tf.layers.concatenate().apply([seq, last]) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    const probe = tf.randomNormal([3, 12, 4], 0, 1, 'float32', 5);
    const expected = values(model.predict(probe) as tf.Tensor);

    let saved: tf.io.ModelArtifacts | null = null;
    await model.save(
      tf.io.withSaveHandler(async (a) => {
        saved = a;
        return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
      }),
    );
    const reloaded = await tf.loadLayersModel(tf.io.fromMemory(saved as unknown as tf.io.ModelArtifacts));
    const classes = reloaded.layers.map((l) => l.getClassName());
    expect(classes).toEqual(
      expect.arrayContaining([
        'BotCausalConv1d',
        'BotPositionalEncoding',
        'BotMultiHeadSelfAttention',
        'BotLayerNorm',
        'BotSeededDropout',
        'BotStackedLstm',
        'BotLastTimeStep',
        'BotPatches',
      ]),
    );
    expect(values(reloaded.predict(probe) as tf.Tensor)).toEqual(expected);
    const lstm = reloaded.layers.find((l) => l.getClassName() === 'BotStackedLstm') as StackedLstm;
    expect(lstm.getConfig()).toMatchObject({ units: [5, 3], dropout: 0.1, seed: 4 });
  });
});
