import { importOnnxRuntime } from '../../src/models/inference/ortModule.js';

/** Whether onnxruntime-node (an optional dependency) loads here: tests that need it skip without it. */
export const hasOnnxRuntime = await importOnnxRuntime().then(
  () => true,
  () => false,
);

export const ONNX_RUNTIME_MISSING = 'onnxruntime-node is not installed (an optional dependency): ONNX inference not tested';

/** The inference runtimes available here, to run a test on each. */
export const AVAILABLE_RUNTIMES = hasOnnxRuntime ? (['tfjs', 'onnx'] as const) : (['tfjs'] as const);
