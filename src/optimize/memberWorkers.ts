import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { UserError } from '../internal/errors.js';
import { currentBackend } from '../models/backend.js';
import { buildModel } from '../models/buildModel.js';
import type { TrainingData } from '../models/dataset/metaDataset.js';
import type { ModelKind } from '../models/kinds.js';
import { memberSpec, memberTrainOptions, type MemberOptions, type TrainedMember } from '../models/pipeline/trainMember.js';
import { memberJob, sharedTrainingData, type FromWorker, type ToWorker, type WorkerFailure } from './memberMessages.js';

interface Job {
  readonly id: number;
  readonly kind: ModelKind;
  readonly data: TrainingData;
  readonly options: MemberOptions;
  readonly resolve: (m: TrainedMember) => void;
  readonly reject: (err: unknown) => void;
}

interface Slot {
  readonly worker: Worker;
  job: Job | null;
  /** Detaches the job's abort listener. */
  release: () => void;
}

let alive = 0;

/** Member worker threads alive in this process, in every pool: 0 once every pool is closed. */
export function liveMemberWorkers(): number {
  return alive;
}

/**
 * The worker entry beside this module: the built .js in production; from the sources (vitest), the .ts
 * through tsx's loader, registered inside the worker before the entry is imported.
 */
function startWorker(backend: string): Worker {
  const here = fileURLToPath(import.meta.url);
  const workerData = { backend };
  if (!here.endsWith('.ts')) return new Worker(new URL('./memberWorker.js', import.meta.url), { workerData });
  const entry = pathToFileURL(path.join(path.dirname(here), 'memberWorker.ts')).href;
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href;
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  return new Worker(boot, { eval: true, workerData });
}

/** The worker's error as the main thread would have thrown it: a UserError stays one, with its hint. */
function rebuildError(kind: ModelKind, e: WorkerFailure): Error {
  if (e.name === 'UserError') return new UserError(e.message, e.hint === undefined ? undefined : { hint: e.hint });
  const err = new Error(`training ${kind} in a worker thread failed: ${e.message}`);
  if (e.stack) err.stack = `${err.message}\n${e.stack}`;
  return err;
}

/**
 * Trains members concurrently, each in a worker thread of its own (up to `concurrency`), with the same code path
 * as the main thread (trainMember): the same seed gives the same weights, bit for bit. A dataset is copied
 * once into shared memory and read there by every worker; weights and predictions come back transferred.
 * The model is rebuilt here from its spec and weights, to be saved and ensembled as an in-thread one.
 * An abort is passed on: the worker stops between batches and returns its best weights, as trainModel
 * does in-thread. close() terminates every worker. A MemberTrainer (memberTrainer.ts).
 */
export class MemberWorkerPool {
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  private readonly shared = new WeakMap<TrainingData, TrainingData>();
  private readonly backend = currentBackend();
  private nextId = 1;
  private closed = false;

  constructor(readonly concurrency: number) {
    if (!(Number.isInteger(concurrency) && concurrency >= 1)) throw new RangeError(`a worker pool needs 1 or more workers, not ${concurrency}`);
  }

  /** Worker threads alive now (idle or training). */
  get workers(): number {
    return this.slots.size;
  }

  train(kind: ModelKind, d: TrainingData, options: MemberOptions): Promise<TrainedMember> {
    if (this.closed) return Promise.reject(new Error('the member worker pool is closed'));
    const data = this.shared.get(d) ?? sharedTrainingData(d);
    this.shared.set(d, data);
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, kind, data, options, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('the member worker pool was closed'));
    const slots = [...this.slots];
    this.slots.clear();
    for (const s of slots) this.finish(s, (j) => j.reject(new Error('the member worker pool was closed')));
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const slot = [...this.slots].find((s) => s.job === null) ?? (this.slots.size < this.concurrency ? this.spawn() : null);
      if (!slot) return;
      this.start(slot, this.queue.shift() as Job);
    }
  }

  private spawn(): Slot {
    const slot: Slot = { worker: startWorker(this.backend), job: null, release: () => {} };
    alive++;
    slot.worker.once('exit', () => alive--);
    slot.worker.on('message', (m: FromWorker) => this.receive(slot, m));
    // An uncaught error or an exit kills the thread: its job fails, and a new worker takes the next one.
    slot.worker.on('error', (err) => this.lose(slot, err));
    slot.worker.on('exit', (code) => this.lose(slot, new Error(`a member worker thread exited with code ${code}`)));
    this.slots.add(slot);
    return slot;
  }

  private start(slot: Slot, job: Job): void {
    slot.job = job;
    const post = (m: ToWorker) => slot.worker.postMessage(m);
    post({ type: 'train', id: job.id, job: memberJob(job.kind, job.options), data: job.data });
    const signal = job.options.signal;
    if (!signal) return;
    const abort = () => post({ type: 'abort', id: job.id });
    if (signal.aborted) abort();
    else {
      signal.addEventListener('abort', abort, { once: true });
      slot.release = () => signal.removeEventListener('abort', abort);
    }
  }

  private receive(slot: Slot, m: FromWorker): void {
    const job = slot.job;
    if (!job || job.id !== m.id) return;
    if (m.type === 'epoch') job.options.onEpoch?.(m.report);
    else if (m.type === 'batch') job.options.onBatch?.(m.progress);
    else if (m.type === 'failed') this.finish(slot, (j) => j.reject(rebuildError(j.kind, m.error)));
    else {
      this.finish(slot, (j) => {
        try {
          j.resolve(rebuilt(j, m));
        } catch (err) {
          j.reject(err);
        }
      });
    }
    this.pump();
  }

  private lose(slot: Slot, err: Error): void {
    if (!this.slots.delete(slot)) return;
    this.finish(slot, (j) => j.reject(err));
    void slot.worker.terminate();
    if (!this.closed) this.pump();
  }

  private finish(slot: Slot, settle: (job: Job) => void): void {
    const job = slot.job;
    slot.release();
    slot.release = () => {};
    slot.job = null;
    if (job) settle(job);
  }
}

/** The member as trainMember returns it in-thread: the model built from its spec and the worker's weights. */
function rebuilt(job: Job, m: Extract<FromWorker, { type: 'done' }>): TrainedMember {
  const spec = memberSpec(job.kind, job.data, job.options);
  const model = buildModel(job.kind, spec, job.options.seed);
  if (model.weights.length !== m.weights.length) {
    model.dispose();
    throw new Error(`a ${job.kind} worker returned ${m.weights.length} weight tensors for a model of ${model.weights.length}`);
  }
  const tensors = model.weights.map((w, i) => tf.tensor(m.weights[i] as Float32Array, w.read().shape));
  model.setWeights(tensors);
  tf.dispose(tensors);
  return { kind: job.kind, model, spec, result: m.result, options: memberTrainOptions(job.options), validation: m.validation };
}
