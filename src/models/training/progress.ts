import cliProgress from 'cli-progress';
import type { BatchProgress, EpochReport } from './trainModel.js';

export interface TrainingProgress {
  onBatch(progress: BatchProgress): void;
  onEpoch(report: EpochReport): void;
  /** Removes a bar still on screen (training aborted mid-epoch). */
  stop(): void;
}

export interface TrainingProgressOptions {
  /** What is training, e.g. "lstm SOL/USD"; starts every bar and log line. */
  label: string;
  /** Where the bar is drawn (normally process.stderr). */
  stream: NodeJS.WritableStream;
  /** True on a terminal: draw a bar per epoch. False: one log line per epoch. */
  interactive: boolean;
  /** The log line sink, e.g. a Logger's info; every line names the backend. */
  log: (msg: string, fields: Record<string, unknown>) => void;
}

/**
 * Progress for trainModel's onBatch/onEpoch: a bar per epoch on a terminal, and in any case one log line
 * per finished epoch (loss, validation loss and accuracy, the backend, seconds when known).
 */
export function trainingProgress(options: TrainingProgressOptions): TrainingProgress {
  let bar: cliProgress.SingleBar | null = null;
  let barEpoch = 0;
  const stop = () => {
    bar?.stop();
    bar = null;
  };
  return {
    onBatch(p) {
      if (!options.interactive) return;
      if (!bar || barEpoch !== p.epoch) {
        stop();
        bar = new cliProgress.SingleBar({
          stream: options.stream,
          format: `${options.label} epoch ${p.epoch} [{bar}] {value}/{total} batches | loss {loss} | {duration}s`,
          clearOnComplete: true,
          hideCursor: true,
          barsize: 24,
        });
        bar.start(p.batches, 0, { loss: '-' });
        barEpoch = p.epoch;
      }
      bar.update(p.batch, { loss: p.loss.toFixed(4) });
    },
    onEpoch(r) {
      stop();
      options.log(`${options.label} epoch ${r.epoch}/${r.epochs}`, {
        loss: round(r.loss),
        valLoss: round(r.valLoss),
        valAccuracy: round(r.valAccuracy),
        bestEpoch: r.bestEpoch,
        backend: r.backend,
        ...(r.seconds !== undefined ? { seconds: round(r.seconds) } : {}),
      });
    },
    stop,
  };
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
