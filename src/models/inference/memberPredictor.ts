import type { Prediction, Predictions, WindowSource } from '../predictor.js';

/** The runtimes that can run a trained member at inference; training is TensorFlow.js's alone. */
export const INFERENCE_RUNTIMES = ['onnx', 'tfjs'] as const;
export type InferenceRuntimeName = (typeof INFERENCE_RUNTIMES)[number];

/**
 * One trained member, ready to score windows [windowLength, featureCount] (oldest row first), whichever
 * runtime runs it. tfjs answers at once; ONNX Runtime's API answers with a promise.
 */
export interface MemberPredictor {
  readonly runtime: InferenceRuntimeName;
  readonly windowLength: number;
  readonly featureCount: number;
  /** One window: what the daemon asks at each decision. */
  predictOne(window: Float32Array): Prediction | Promise<Prediction>;
  /** Every window of `source` in large batches, each window's outputs bit for bit those predictOne gives it. */
  predictSourceAsLive(source: WindowSource): Predictions | Promise<Predictions>;
  dispose(): void;
}
