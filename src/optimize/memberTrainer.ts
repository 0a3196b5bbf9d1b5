import os from 'node:os';
import type { TrainingData } from '../models/dataset/metaDataset.js';
import type { ModelKind } from '../models/kinds.js';
import { trainMember, type MemberOptions, type TrainedMember } from '../models/pipeline/trainMember.js';
import { MemberWorkerPool } from './memberWorkers.js';

/** Trains the members of a fold: one after another on this thread, or several at once in worker threads. */
export interface MemberTrainer {
  /** How many members train at the same time. */
  readonly concurrency: number;
  train(kind: ModelKind, d: TrainingData, options: MemberOptions): Promise<TrainedMember>;
  /** Stops whatever still runs (workers are terminated); the trainer takes no more work. */
  close(): Promise<void>;
}

/** On this thread, one member at a time and in the order asked, as `optimize.workers: 1` promises. */
export function inThreadTrainer(): MemberTrainer {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    concurrency: 1,
    train(kind, d, options) {
      const run = tail.then(() => trainMember(kind, d, options));
      tail = run.catch(() => undefined);
      return run;
    },
    close: async () => {
      await tail;
    },
  };
}

/** `optimize.workers` as a number of threads: auto is one per CPU; never more than members train at once. */
export function workerCount(setting: number | 'auto', members: number, cpus = os.availableParallelism()): number {
  return Math.max(1, Math.min(setting === 'auto' ? cpus : setting, members));
}

/** In-thread for one worker (no thread to start, nothing to copy), a pool of worker threads for more. */
export function memberTrainer(workers: number): MemberTrainer {
  return workers <= 1 ? inThreadTrainer() : new MemberWorkerPool(workers);
}
