import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/internal/errors.js';
import { backendPreferenceFrom, defaultBackendLoaders, selectBackend, type BackendLoaders } from '../../src/models/index.js';

const missing = (what: string) => () => Promise.reject(new Error(`Cannot find package '${what}'`));

afterAll(async () => {
  await selectBackend('wasm');
});

describe('selectBackend', () => {
  it('auto: without tfjs-node installed (as here) it falls back to wasm and says why', async () => {
    const skipped: string[] = [];
    const name = await selectBackend('auto', { onFallback: (b, reason) => skipped.push(`${b}: ${reason}`) });
    expect(name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatch(/^tensorflow: .*tfjs-node/);
  });

  it('auto: falls back to cpu when wasm cannot load either', async () => {
    const loaders: BackendLoaders = { node: missing('@tensorflow/tfjs-node'), wasm: missing('@tensorflow/tfjs-backend-wasm') };
    const skipped: string[] = [];
    expect(await selectBackend('auto', { loaders, onFallback: (b) => skipped.push(b) })).toBe('cpu');
    expect(skipped).toEqual(['tensorflow', 'wasm']);
    expect(tf.getBackend()).toBe('cpu');
  });

  it('a forced backend that cannot start is a user error, not a silent fallback', async () => {
    await expect(selectBackend('tensorflow')).rejects.toBeInstanceOf(UserError);
    await expect(selectBackend('tensorflow')).rejects.toThrow(/tensorflow TensorFlow.js backend could not start/);
    await expect(selectBackend('wasm', { loaders: { ...defaultBackendLoaders, wasm: missing('wasm') } })).rejects.toMatchObject({
      message: expect.stringMatching(/wasm TensorFlow.js backend could not start: Cannot find package/),
      hint: expect.stringMatching(/BOT_TF_BACKEND=auto/),
    });
  });

  it('forced wasm and cpu are honoured', async () => {
    expect(await selectBackend('cpu')).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect(await selectBackend('wasm')).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('wasm matMul with transposed operands (used by every backward pass) matches the cpu backend', async () => {
    const cases: [number[], number[], boolean, boolean][] = [
      [[5, 7], [3, 7], false, true],
      [[7, 5], [7, 3], true, false],
      [[7, 5], [3, 7], true, true],
      [[2, 6, 4], [2, 5, 6], true, true],
    ];
    const run = () =>
      cases.map(([sa, sb, ta, tb], i) => {
        const a = tf.randomNormal(sa, 0, 1, 'float32', i + 1);
        const b = tf.randomNormal(sb, 0, 1, 'float32', i + 10);
        const plain = Array.from(tf.matMul(a, b, ta, tb).dataSync());
        const fused = Array.from(tf.fused.matMul({ a, b, transposeA: ta, transposeB: tb, activation: 'relu' }).dataSync());
        const grads = tf
          .grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.square(tf.matMul(x, y, ta, tb))))([a, b])
          .map((g) => Array.from(g.dataSync()));
        return { plain, fused, grads };
      });
    await selectBackend('cpu');
    const reference = run();
    await selectBackend('wasm');
    const wasm = run();
    wasm.forEach((w, i) => {
      const r = reference[i] as (typeof reference)[number];
      w.plain.forEach((v, j) => expect(v).toBeCloseTo(r.plain[j] as number, 4));
      w.fused.forEach((v, j) => expect(v).toBeCloseTo(r.fused[j] as number, 4));
      w.grads.forEach((g, k) => g.forEach((v, j) => expect(v).toBeCloseTo((r.grads[k] as number[])[j] as number, 3)));
    });
  });
});

describe('backendPreferenceFrom', () => {
  it('BOT_TF_BACKEND wins over the config; both default to auto', () => {
    expect(backendPreferenceFrom({})).toBe('auto');
    expect(backendPreferenceFrom({}, 'cpu')).toBe('cpu');
    expect(backendPreferenceFrom({ BOT_TF_BACKEND: 'wasm' }, 'cpu')).toBe('wasm');
    expect(backendPreferenceFrom({ BOT_TF_BACKEND: 'node' })).toBe('tensorflow');
    expect(backendPreferenceFrom({ BOT_TF_BACKEND: '' }, 'wasm')).toBe('wasm');
  });

  it('an unknown name is a user error naming where it came from', () => {
    expect(() => backendPreferenceFrom({ BOT_TF_BACKEND: 'gpu' })).toThrow(/BOT_TF_BACKEND: unknown TensorFlow.js backend 'gpu'/);
    expect(() => backendPreferenceFrom({}, 'webgl')).toThrow(/models.backend: unknown/);
  });
});
