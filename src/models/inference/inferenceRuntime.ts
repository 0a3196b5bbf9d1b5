import type * as tf from '@tensorflow/tfjs';
import { onnxModelBytes } from '../onnx/onnxModel.js';
import { Predictor } from '../predictor.js';
import { OnnxPredictor } from './onnxPredictor.js';
import type { InferenceRuntimeName, MemberPredictor } from './memberPredictor.js';
import type { OrtModule } from './ortModule.js';

export interface MemberNetwork {
  /** The trained tfjs model: TensorFlow.js stays the training runtime, and what every runtime starts from. */
  readonly model: tf.LayersModel;
  /** meta.json's returnScale: multiplies the return column; null without a return head. */
  readonly returnScale: number | null;
  /** The predictor disposes the model when it is disposed (a loaded model); false for a model still in use. */
  readonly owns: boolean;
}

/** Runs trained members at inference. Chosen once at start-up (selectInferenceRuntime). */
export interface InferenceRuntime {
  readonly name: InferenceRuntimeName;
  predictor(member: MemberNetwork): Promise<MemberPredictor>;
}

export const tfjsRuntime: InferenceRuntime = {
  name: 'tfjs',
  predictor: async (m) => new Predictor(m.model, { returnScale: m.returnScale, ownsModel: m.owns }),
};

/**
 * ONNX Runtime: each member's network is exported from its tfjs model in memory (the same graph
 * `bot models export --onnx` writes) and loaded into a session; the tfjs model is then released when owned.
 */
export function onnxRuntime(ort: OrtModule): InferenceRuntime {
  return {
    name: 'onnx',
    predictor: async (m) => {
      const [, windowLength, featureCount] = m.model.inputs[0]?.shape ?? [];
      const columns = m.model.outputs[0]?.shape[1];
      if (typeof windowLength !== 'number' || typeof featureCount !== 'number' || typeof columns !== 'number') {
        throw new Error('the model input must be [windowLength, featureCount] and its output [columns]');
      }
      if (columns > 1 && !(m.returnScale && m.returnScale > 0)) throw new Error('a model with a return head needs its returnScale (meta.json returnScale)');
      const session = await ort.InferenceSession.create(onnxModelBytes(m.model));
      if (m.owns) m.model.dispose();
      return new OnnxPredictor(ort, session, { windowLength, featureCount, columns, returnScale: m.returnScale ?? 1 });
    },
  };
}
