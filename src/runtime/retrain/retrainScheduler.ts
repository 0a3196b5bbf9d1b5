import { durationMs, type Config } from '../../config/schema.js';
import { poolKey } from '../../ensemble/ensembleArtifact.js';
import { errorMessage } from '../../internal/errors.js';
import type { Logger } from '../../internal/logger.js';
import type { RetrainStatus } from '../../store/retrainRepository.js';
import type { Store } from '../../store/store.js';
import { startRetrainProcess, type RetrainExit } from './retrainProcess.js';

export interface RetrainSchedulerOptions {
  readonly config: Config;
  readonly store: Store;
  readonly home: string;
  readonly logger: Logger;
  readonly env: NodeJS.ProcessEnv;
  /** Wall-clock ms, for the run's record and its timeout. */
  readonly now: () => number;
  /**
   * A replay: the loop waits for each retrain it starts (the replay's clock does not run on while the
   * models train, as the market's would not in the minutes a retrain takes), so every scheduled retrain
   * happens, and a promotion takes over at the feed time it would have live.
   */
  readonly hold: boolean;
}

interface Running {
  readonly id: number;
  readonly done: Promise<void>;
  stop(): void;
}

/** What a finished `optimize --json` printed that the record keeps. */
function outcomeOf(exit: RetrainExit): { status: Exclude<RetrainStatus, 'running'>; candidate: string | null; message: string } {
  if (exit.code === 0) {
    try {
      const o = JSON.parse(exit.stdout) as { candidate: { id: string }; promotion: { promote: boolean; reason: string } };
      return { status: o.promotion.promote ? 'promoted' : 'refused', candidate: o.candidate.id, message: o.promotion.reason };
    } catch (err) {
      return { status: 'failed', candidate: null, message: `unreadable result: ${errorMessage(err)}` };
    }
  }
  const last = exit.stderr.trim().split('\n').filter(Boolean).at(-1) ?? '';
  return { status: 'failed', candidate: null, message: `exit ${exit.code ?? exit.signal}: ${last.slice(0, 500)}` };
}

/**
 * Retraining in the daemon: `bot optimize`'s pipeline for the config's pool in a child process, every
 * models.retrain.every of the feed's clock (a replay retrains on schedule too) and, with onDrift, when an
 * asset's drift state becomes drifted (at most once per minGapHours). One at a time. Promotion is
 * optimize's own rule, and optimize records it; a run that fails or passes timeoutMinutes is stopped and
 * recorded, and production stays as it was. The daemon picks up a promotion at its next bar.
 */
export class RetrainScheduler {
  private running: Running | undefined;
  private stopping = false;
  private firstFeedTime: number | undefined;

  constructor(private readonly o: RetrainSchedulerOptions) {
    const abandoned = o.store.retrains.abandonRunning(o.now());
    if (abandoned > 0) o.logger.warn('retrains left running by a stopped daemon marked abandoned; production unchanged by them', { abandoned });
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  /** After each step: start the scheduled retrain when its time on the feed's clock has come. */
  async atFeedTime(time: number): Promise<void> {
    this.firstFeedTime ??= time;
    const every = this.o.config.models.retrain.every;
    if (every === null || this.running) return;
    const last = this.o.store.retrains.lastFeedTime() ?? this.firstFeedTime;
    if (time - last >= durationMs(every))
      await this.start(time, `schedule (every ${every})`, `${every} of the feed's clock since ${new Date(last).toISOString()}`);
  }

  /** An asset's drift state became drifted. */
  async onDrifted(time: number, asset: string, detail: string): Promise<void> {
    const r = this.o.config.models.retrain;
    if (!r.onDrift || this.running) return;
    const last = this.o.store.retrains.lastFeedTime();
    if (last !== undefined && time - last < r.minGapHours * 3_600_000) return;
    await this.start(time, `drift (${asset})`, detail);
  }

  private async start(time: number, trigger: string, reason: string): Promise<void> {
    const { config, store } = this.o;
    const r = config.models.retrain;
    const id = store.retrains.start({ pool: poolKey(config.assets), trigger, reason, feedTime: time, dataTo: time, startedAt: this.o.now() });
    let proc: ReturnType<typeof startRetrainProcess>;
    try {
      proc = startRetrainProcess({
        home: this.o.home,
        assets: config.assets,
        dataTo: time,
        trigger: `retrain #${id}: ${trigger}`,
        quick: r.quick,
        nice: r.nice,
        env: this.o.env,
      });
    } catch (err) {
      store.retrains.finish(id, { status: 'failed', finishedAt: this.o.now(), message: errorMessage(err) });
      this.o.logger.error('retrain could not start', { retrain: id, error: errorMessage(err) });
      return;
    }
    if (proc.child.pid !== undefined) store.retrains.setPid(id, proc.child.pid);
    this.o.logger.info('retrain started', { retrain: id, trigger, reason, dataTo: new Date(time).toISOString(), pid: proc.child.pid });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      proc.child.kill('SIGKILL');
    }, r.timeoutMinutes * 60_000);
    const done = proc.exited.then((exit) => {
      clearTimeout(timer);
      const out = timedOut
        ? { status: 'timeout' as const, candidate: null, message: `stopped after ${r.timeoutMinutes} minutes; production unchanged` }
        : this.stopping && exit.code !== 0
          ? { status: 'abandoned' as const, candidate: null, message: 'the daemon stopped before the retrain finished; production unchanged by it' }
          : outcomeOf(exit);
      try {
        store.retrains.finish(id, { ...out, finishedAt: this.o.now() });
      } catch (err) {
        this.o.logger.error('could not record the end of a retrain', { retrain: id, error: errorMessage(err) });
      }
      const level = out.status === 'promoted' || out.status === 'refused' ? 'info' : 'error';
      this.o.logger[level]('retrain finished', { retrain: id, status: out.status, candidate: out.candidate, message: out.message });
      this.running = undefined;
    });
    this.running = { id, done, stop: () => proc.child.kill('SIGKILL') };
    if (this.o.hold) await done;
  }

  /** The daemon stops: a retrain still running is stopped (its run is recorded as failed). */
  async stop(): Promise<void> {
    const r = this.running;
    if (!r) return;
    this.stopping = true;
    r.stop();
    await r.done;
  }
}
