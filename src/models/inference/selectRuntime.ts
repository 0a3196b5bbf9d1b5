import { UserError, errorMessage } from '../../internal/errors.js';
import { onnxRuntime, tfjsRuntime, type InferenceRuntime } from './inferenceRuntime.js';
import { importOnnxRuntime, type OrtModule } from './ortModule.js';

/** models.runtime: auto takes ONNX Runtime where onnxruntime-node loads, else TensorFlow.js. */
export const RUNTIME_PREFERENCES = ['auto', 'onnx', 'tfjs'] as const;
export type RuntimePreference = (typeof RUNTIME_PREFERENCES)[number];

export interface SelectRuntimeOptions {
  /** Loads onnxruntime-node; rejects where it is not installed. */
  loadOnnx?: () => Promise<OrtModule>;
  /** Told why ONNX Runtime was passed over under 'auto', so the caller can log it. */
  onFallback?: (reason: string) => void;
}

/**
 * The inference runtime for this process, chosen once at start-up. A runtime asked for by name that cannot
 * start is an error, never a silent fallback: the user asked for it.
 */
export async function selectInferenceRuntime(preference: RuntimePreference, options: SelectRuntimeOptions = {}): Promise<InferenceRuntime> {
  if (preference === 'tfjs') return tfjsRuntime;
  try {
    return onnxRuntime(await (options.loadOnnx ?? importOnnxRuntime)());
  } catch (err) {
    const reason = errorMessage(err).split('\n')[0] ?? 'unknown error';
    if (preference === 'onnx') {
      throw new UserError(`models.runtime is onnx, but onnxruntime-node could not be loaded: ${reason}`, {
        hint: 'install it (npm install onnxruntime-node, an optional dependency), or set models.runtime to auto or tfjs in the config (or BOT__MODELS__RUNTIME=tfjs)',
      });
    }
    options.onFallback?.(reason);
    return tfjsRuntime;
  }
}
