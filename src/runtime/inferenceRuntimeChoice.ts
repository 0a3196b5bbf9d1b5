import type { Config } from '../config/schema.js';
import type { Logger } from '../internal/logger.js';
import type { InferenceRuntime } from '../models/inference/inferenceRuntime.js';
import { selectInferenceRuntime, type SelectRuntimeOptions } from '../models/inference/selectRuntime.js';

/**
 * The inference runtime of this process, from models.runtime, chosen once at start-up and logged: every
 * model the process loads (the daemon's, a backtest's, a walk-forward's) runs on it.
 */
export async function chooseInferenceRuntime(config: Config, logger: Logger, options: Pick<SelectRuntimeOptions, 'loadOnnx'> = {}): Promise<InferenceRuntime> {
  const runtime = await selectInferenceRuntime(config.models.runtime, {
    ...options,
    onFallback: (reason) => logger.info('onnxruntime-node not available: models run on tfjs', { reason }),
  });
  logger.info('inference runtime', { runtime: runtime.name });
  return runtime;
}
