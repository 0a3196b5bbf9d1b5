import { P_UP_COLUMN, RETURN_COLUMN } from '../architectures/head.js';
import { ONNX_INPUT, ONNX_OUTPUT } from '../onnx/onnxModel.js';
import type { Prediction, Predictions, WindowSource } from '../predictor.js';
import type { MemberPredictor } from './memberPredictor.js';
import type { OrtModule, OrtSession } from './ortModule.js';

export interface OnnxPredictorShape {
  readonly windowLength: number;
  readonly featureCount: number;
  /** 1 (P(up)) or 2 (P(up) and the scaled expected return). */
  readonly columns: number;
  /** Multiplies the return column; 1 without a return head. */
  readonly returnScale: number;
  /** Windows per run. Default 512. */
  readonly maxBatch?: number;
}

/**
 * A member run by ONNX Runtime: the network exported from its tfjs model (onnx/onnxModel.ts), scored in
 * batches. Every window's outputs are the same bits in a batch as alone (the export avoids operators whose
 * summation order depends on the batch), so batches ahead of a backtest give what the daemon computes.
 */
export class OnnxPredictor implements MemberPredictor {
  readonly runtime = 'onnx' as const;
  readonly windowLength: number;
  readonly featureCount: number;
  private readonly maxBatch: number;
  private disposed = false;

  constructor(
    private readonly ort: OrtModule,
    private readonly session: OrtSession,
    private readonly shape: OnnxPredictorShape,
  ) {
    this.windowLength = shape.windowLength;
    this.featureCount = shape.featureCount;
    this.maxBatch = Math.max(1, shape.maxBatch ?? 512);
  }

  async predictOne(window: Float32Array): Promise<Prediction> {
    if (window.length !== this.windowLength * this.featureCount) {
      throw new Error(`expected one window of ${this.windowLength}x${this.featureCount} values, got ${window.length}`);
    }
    // A copy: the caller's buffer may be refilled before the run, which ONNX Runtime starts on a later tick.
    const out = await this.run(Float32Array.from(window), 1);
    // Rounded to float32 as a batch stores it, so one window and a batch give the same numbers.
    return {
      pUp: out[P_UP_COLUMN] as number,
      expectedReturn: this.shape.columns > 1 ? Math.fround((out[RETURN_COLUMN] as number) * this.shape.returnScale) : null,
    };
  }

  async predictSourceAsLive(source: WindowSource): Promise<Predictions> {
    if (source.windowLength !== this.windowLength || source.featureCount !== this.featureCount) {
      throw new Error(`windows are ${source.windowLength}x${source.featureCount}, the model takes ${this.windowLength}x${this.featureCount}`);
    }
    const stride = this.windowLength * this.featureCount;
    const columns = this.shape.columns;
    const pUp = new Float32Array(source.size);
    const expectedReturn = columns > 1 ? new Float32Array(source.size) : null;
    for (let from = 0; from < source.size; from += this.maxBatch) {
      const n = Math.min(this.maxBatch, source.size - from);
      const values = new Float32Array(n * stride);
      for (let k = 0; k < n; k++) source.copyWindow(from + k, values, k * stride);
      const out = await this.run(values, n);
      for (let k = 0; k < n; k++) {
        pUp[from + k] = out[k * columns + P_UP_COLUMN] as number;
        if (expectedReturn) expectedReturn[from + k] = (out[k * columns + RETURN_COLUMN] as number) * this.shape.returnScale;
      }
    }
    return { pUp, expectedReturn };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    void this.session.release();
  }

  private async run(values: Float32Array, n: number): Promise<Float32Array> {
    if (this.disposed) throw new Error('ONNX predictor used after dispose()');
    const result = await this.session.run({ [ONNX_INPUT]: new this.ort.Tensor('float32', values, [n, this.windowLength, this.featureCount]) });
    const data = result[ONNX_OUTPUT]?.data;
    if (!(data instanceof Float32Array) || data.length !== n * this.shape.columns) {
      throw new Error(`the ONNX model answered ${n} windows without ${n}x${this.shape.columns} float outputs`);
    }
    return data;
  }
}
