import * as tf from '@tensorflow/tfjs';
import { P_UP_COLUMN, RETURN_COLUMN } from './architectures/head.js';
import { HOST_BATCH_LIMIT, StackedLstm } from './layers/stackedLstm.js';
import type { LoadedModel } from './persistence/loadModel.js';

export interface PredictorOptions {
  /** Multiplies the return column (training scaled return targets by it); null or absent: no return head. */
  returnScale?: number | null;
  /** Windows per forward pass; larger batches amortise per-op overhead. Default 512. */
  maxBatch?: number;
  /** dispose() disposes the model too (default); false for a model that stays in use elsewhere. */
  ownsModel?: boolean;
}

export interface Predictions {
  /** P(up) per window. */
  pUp: Float32Array;
  /** Expected return per window, or null for a model without a return head. */
  expectedReturn: Float32Array | null;
}

export interface Prediction {
  pUp: number;
  expectedReturn: number | null;
}

/** Anything that can hand out windows one by one (a SampleSource is one). */
export interface WindowSource {
  readonly size: number;
  readonly windowLength: number;
  readonly featureCount: number;
  copyWindow(i: number, out: Float32Array, offset: number): void;
}

/**
 * A long-lived scorer around one model. Every call runs inside tf.tidy and copies results out, so
 * tf.memory().numTensors is the same after any number of predictions. It owns the model unless told
 * otherwise: dispose() releases both.
 */
export class Predictor {
  readonly runtime = 'tfjs' as const;
  readonly windowLength: number;
  readonly featureCount: number;
  readonly hasReturnHead: boolean;
  private readonly returnScale: number;
  private readonly maxBatch: number;
  private readonly scratch: Float32Array;
  private readonly recurrent: readonly StackedLstm[];
  private readonly ownsModel: boolean;
  private disposed = false;

  constructor(
    private readonly model: tf.LayersModel,
    options: PredictorOptions = {},
  ) {
    const [, L, F] = model.inputs[0]?.shape ?? [];
    if (typeof L !== 'number' || typeof F !== 'number') throw new Error('the model input must be [windowLength, featureCount]');
    this.windowLength = L;
    this.featureCount = F;
    this.hasReturnHead = (model.outputs[0]?.shape[1] ?? 1) > 1;
    if (this.hasReturnHead && !(options.returnScale && options.returnScale > 0)) {
      throw new Error('a model with a return head needs its returnScale (meta.json returnScale)');
    }
    this.returnScale = options.returnScale ?? 1;
    this.maxBatch = Math.max(1, options.maxBatch ?? 512);
    this.ownsModel = options.ownsModel ?? true;
    this.scratch = new Float32Array(this.maxBatch * L * F);
    this.recurrent = model.layers.filter((l): l is StackedLstm => l instanceof StackedLstm);
  }

  static fromLoaded(loaded: LoadedModel, options: Omit<PredictorOptions, 'returnScale'> = {}): Predictor {
    return new Predictor(loaded.model, { ...options, returnScale: loaded.meta.returnScale });
  }

  /** Scores `windows`: n windows back to back, each windowLength rows of featureCount values, oldest first. */
  predict(windows: Float32Array): Predictions {
    const stride = this.windowLength * this.featureCount;
    if (windows.length % stride !== 0) {
      throw new Error(`${windows.length} values is not a whole number of ${this.windowLength}x${this.featureCount} windows`);
    }
    const count = windows.length / stride;
    const out = this.allocate(count);
    for (let from = 0; from < count; from += this.maxBatch) {
      const n = Math.min(this.maxBatch, count - from);
      this.run(windows.subarray(from * stride, (from + n) * stride), n, from, out);
    }
    return out;
  }

  predictOne(window: Float32Array): Prediction {
    const p = this.predict(window);
    if (p.pUp.length !== 1) throw new Error(`expected one window of ${this.windowLength}x${this.featureCount} values, got ${p.pUp.length}`);
    return { pUp: p.pUp[0] as number, expectedReturn: p.expectedReturn ? (p.expectedReturn[0] as number) : null };
  }

  /** Scores every window of `source` without materialising them all. */
  predictSource(source: WindowSource): Predictions {
    if (source.windowLength !== this.windowLength || source.featureCount !== this.featureCount) {
      throw new Error(`windows are ${source.windowLength}x${source.featureCount}, the model takes ${this.windowLength}x${this.featureCount}`);
    }
    const stride = this.windowLength * this.featureCount;
    const out = this.allocate(source.size);
    for (let from = 0; from < source.size; from += this.maxBatch) {
      const n = Math.min(this.maxBatch, source.size - from);
      for (let k = 0; k < n; k++) source.copyWindow(from + k, this.scratch, k * stride);
      this.run(this.scratch.subarray(0, n * stride), n, from, out);
    }
    return out;
  }

  /**
   * predictSource, with every window's outputs bit for bit those predictOne gives it (the daemon's one window
   * per decision), so that predictions computed ahead of a backtest are the live ones. The recurrent layers
   * take their one-window path for the whole batch (tfjs's batched kernels round differently); the other
   * layers give the same bits at any batch size, which test/models/predictor.test.ts holds for every kind.
   */
  predictSourceAsLive(source: WindowSource): Predictions {
    for (const l of this.recurrent) l.hostBatchLimit = Number.POSITIVE_INFINITY;
    try {
      return this.predictSource(source);
    } finally {
      for (const l of this.recurrent) l.hostBatchLimit = HOST_BATCH_LIMIT;
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.ownsModel) this.model.dispose();
  }

  private allocate(count: number): Predictions {
    return { pUp: new Float32Array(count), expectedReturn: this.hasReturnHead ? new Float32Array(count) : null };
  }

  private run(values: Float32Array, n: number, at: number, out: Predictions): void {
    if (this.disposed) throw new Error('predictor used after dispose()');
    const columns = this.hasReturnHead ? 2 : 1;
    const result = tf.tidy(() => {
      const x = tf.tensor3d(values, [n, this.windowLength, this.featureCount]);
      return (this.model.apply(x, { training: false }) as tf.Tensor).dataSync();
    });
    for (let k = 0; k < n; k++) {
      out.pUp[at + k] = result[k * columns + P_UP_COLUMN] as number;
      if (out.expectedReturn) out.expectedReturn[at + k] = (result[k * columns + RETURN_COLUMN] as number) * this.returnScale;
    }
  }
}
