import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../internal/errors.js';
import { selectBackend, type BackendName } from '../models/backend.js';
import { trainMember } from '../models/pipeline/trainMember.js';
import type { FromWorker, ToWorker, WorkerFailure } from './memberMessages.js';

/**
 * A worker thread of the member pool (memberWorkers.ts): trains one member at a time with trainMember,
 * on the backend the main thread runs (set up by the same selectBackend), and posts back the weights,
 * the training result and the validation predictions.
 */
const port = parentPort;
if (!port) throw new Error('memberWorker.ts runs as a worker thread of the member pool');
const { backend } = workerData as { backend: BackendName };
// Caught here and reported by the first job: a backend that cannot start fails that job with its reason.
const ready = selectBackend(backend).then(
  () => null,
  (err: unknown) => err,
);
const running = new Map<number, AbortController>();

const post = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

function failure(err: unknown): WorkerFailure {
  if (!(err instanceof Error)) return { name: 'Error', message: errorMessage(err) };
  const hint = (err as { hint?: unknown }).hint;
  return { name: err.name, message: err.message, ...(typeof hint === 'string' && { hint }), ...(err.stack && { stack: err.stack }) };
}

async function train(m: Extract<ToWorker, { type: 'train' }>, signal: AbortSignal): Promise<void> {
  const id = m.id;
  try {
    const startFailure = await ready;
    if (startFailure !== null) throw startFailure;
    const { report, ...job } = m.job;
    const member = await trainMember(job.kind, m.data, {
      ...job,
      signal,
      ...(report.epochs && { onEpoch: (r) => post({ type: 'epoch', id, report: r }) }),
      ...(report.batches && { onBatch: (p) => post({ type: 'batch', id, progress: p }) }),
      ...(report.timed && { now: () => performance.now() }),
    });
    const weights = member.model.weights.map((w) => w.read().dataSync().slice() as Float32Array);
    member.model.dispose();
    const { pUp, expectedReturn } = member.validation;
    const buffers = [...weights, pUp, ...(expectedReturn ? [expectedReturn] : [])].map((a) => a.buffer as ArrayBuffer);
    post({ type: 'done', id, weights, result: member.result, validation: member.validation }, buffers);
  } catch (err) {
    post({ type: 'failed', id, error: failure(err) });
  }
}

port.on('message', (m: ToWorker) => {
  if (m.type === 'abort') {
    running.get(m.id)?.abort();
    return;
  }
  const controller = new AbortController();
  running.set(m.id, controller);
  void train(m, controller.signal).finally(() => running.delete(m.id));
});
