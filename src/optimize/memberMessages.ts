import type { TrainingBlock, TrainingData } from '../models/dataset/metaDataset.js';
import type { ModelKind } from '../models/kinds.js';
import type { MemberOptions } from '../models/pipeline/trainMember.js';
import type { Predictions } from '../models/predictor.js';
import type { BatchProgress, EpochReport, TrainResult } from '../models/training/trainModel.js';

/** What a worker needs to train a member besides the data: plain values only (they are cloned, not shared). */
export interface MemberJob {
  readonly kind: ModelKind;
  readonly sizes: Record<string, unknown>;
  readonly returnHead: boolean;
  readonly training: Omit<MemberOptions['training'], 'now' | 'signal'>;
  readonly seed: number;
  /** Which progress the main thread listens to, so the worker posts nothing nobody reads. */
  readonly report: { readonly epochs: boolean; readonly batches: boolean; readonly timed: boolean };
}

export type ToWorker =
  | { readonly type: 'train'; readonly id: number; readonly job: MemberJob; readonly data: TrainingData }
  | { readonly type: 'abort'; readonly id: number };

export interface WorkerFailure {
  readonly name: string;
  readonly message: string;
  readonly hint?: string;
  readonly stack?: string;
}

export type FromWorker =
  | { readonly type: 'epoch'; readonly id: number; readonly report: EpochReport }
  | { readonly type: 'batch'; readonly id: number; readonly progress: BatchProgress }
  | {
      readonly type: 'done';
      readonly id: number;
      /** In the order of model.weights. */
      readonly weights: Float32Array[];
      readonly result: TrainResult;
      readonly validation: Predictions;
    }
  | { readonly type: 'failed'; readonly id: number; readonly error: WorkerFailure };

/** The job's part of a member's options: everything but the hooks, which stay on the main thread. */
export function memberJob(kind: ModelKind, o: MemberOptions): MemberJob {
  const { now, signal, ...training } = o.training;
  return {
    kind,
    sizes: o.sizes,
    returnHead: o.returnHead,
    training,
    seed: o.seed,
    report: { epochs: o.onEpoch !== undefined, batches: o.onBatch !== undefined, timed: o.now !== undefined },
  };
}

function share<T extends Float32Array | Int32Array>(a: T, view: (b: SharedArrayBuffer) => T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const copy = view(new SharedArrayBuffer(a.byteLength));
  copy.set(a);
  return copy;
}

const float32 = (a: Float32Array) => share(a, (b) => new Float32Array(b));

function shareBlock(b: TrainingBlock): TrainingBlock {
  return {
    ends: share(b.ends, (buffer) => new Int32Array(buffer)),
    labels: float32(b.labels),
    returns: float32(b.returns),
    ...(b.weights && { weights: float32(b.weights) }),
  };
}

/** The dataset in shared memory: every worker reads the one copy, none is cloned per message. */
export function sharedTrainingData(d: TrainingData): TrainingData {
  return {
    rows: float32(d.rows),
    featureCount: d.featureCount,
    fold: { windowLength: d.fold.windowLength },
    train: shareBlock(d.train),
    validation: shareBlock(d.validation),
  };
}
