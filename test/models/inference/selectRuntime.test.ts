import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/internal/errors.js';
import { selectInferenceRuntime } from '../../../src/models/inference/selectRuntime.js';
import { hasOnnxRuntime, ONNX_RUNTIME_MISSING } from '../../support/onnxRuntime.js';

/** What importing an optional package that is not installed does. */
const notInstalled = () => Promise.reject(new Error("Cannot find package 'onnxruntime-node' imported from /app/dist/models/inference/ortModule.js"));

describe('selectInferenceRuntime (models.runtime)', () => {
  it.skipIf(!hasOnnxRuntime)(`auto: ONNX Runtime where onnxruntime-node loads ${hasOnnxRuntime ? '' : ONNX_RUNTIME_MISSING}`, async () => {
    const fallbacks: string[] = [];
    expect((await selectInferenceRuntime('auto', { onFallback: (r) => fallbacks.push(r) })).name).toBe('onnx');
    expect(fallbacks).toEqual([]);
  });

  it.skipIf(!hasOnnxRuntime)('onnx: ONNX Runtime when it loads', async () => {
    expect((await selectInferenceRuntime('onnx')).name).toBe('onnx');
  });

  it('auto: TensorFlow.js where onnxruntime-node is not installed, and says why', async () => {
    const fallbacks: string[] = [];
    const runtime = await selectInferenceRuntime('auto', { loadOnnx: notInstalled, onFallback: (r) => fallbacks.push(r) });
    expect(runtime.name).toBe('tfjs');
    expect(fallbacks).toEqual([expect.stringMatching(/Cannot find package 'onnxruntime-node'/)]);
  });

  it('onnx asked for by name where it cannot load: a user error saying what to do, never a silent fallback', async () => {
    const attempt = selectInferenceRuntime('onnx', { loadOnnx: notInstalled });
    await expect(attempt).rejects.toBeInstanceOf(UserError);
    await expect(selectInferenceRuntime('onnx', { loadOnnx: notInstalled })).rejects.toMatchObject({
      message: expect.stringMatching(/models.runtime is onnx, but onnxruntime-node could not be loaded: Cannot find package/),
      hint: expect.stringMatching(/npm install onnxruntime-node.*models.runtime to auto or tfjs/),
      exitCode: 2,
    });
  });

  it('tfjs: TensorFlow.js, without loading onnxruntime-node at all', async () => {
    let loaded = 0;
    const runtime = await selectInferenceRuntime('tfjs', {
      loadOnnx: () => {
        loaded++;
        return notInstalled();
      },
    });
    expect(runtime.name).toBe('tfjs');
    expect(loaded).toBe(0);
  });
});
