import type { Config } from '../config/schema.js';
import type { DriftLevel } from '../drift/driftLevel.js';
import type { DriftReport } from '../drift/driftReport.js';
import { errorMessage } from '../internal/errors.js';
import type { Logger } from '../internal/logger.js';
import type { Store } from '../store/store.js';
import { checkDrift } from './drift/checkDrift.js';
import type { ModelReloader, ModelSwitch } from './ensemble/modelReloader.js';
import type { RetrainScheduler } from './retrain/retrainScheduler.js';

export interface ModelSupervisorOptions {
  readonly config: Config;
  readonly store: Store;
  readonly modelsDir: string;
  readonly logger: Logger;
  readonly reloader: ModelReloader;
  /** Told every drift check (the metrics). */
  readonly onDrift?: (report: DriftReport, state: DriftLevel) => void;
  /** Told when an asset's drift state changes (the notifications). */
  readonly onStateChange?: (change: DriftStateChange) => void;
  /** Told every switch of model (the metrics). */
  readonly onSwitch?: (switches: readonly ModelSwitch[]) => void;
  /** Retrains on schedule and on drift; absent: never. */
  readonly retrain?: RetrainScheduler;
}

export interface DriftStateChange {
  readonly asset: string;
  readonly model: string;
  readonly from: DriftLevel | 'new';
  readonly to: DriftLevel;
  /** The feed time of the check. */
  readonly time: number;
  /** What the check measured, in a line people read. */
  readonly summary: string;
}

/**
 * What the daemon does about its models between two steps, on the feed's clock (a replay runs it on
 * schedule too): switch to a new production ensemble at the bar boundary, and check drift every
 * models.drift.checkEveryHours, logging one line when an asset's state changes. Never fatal to trading:
 * a failure is logged and the loop goes on with the models it has.
 */
export class ModelSupervisor {
  private lastCheck: number;

  constructor(private readonly o: ModelSupervisorOptions) {
    const checked = o.config.assets.map((a) => o.store.drift.get(a)?.checkedAt ?? Number.NEGATIVE_INFINITY);
    this.lastCheck = Math.min(...checked);
  }

  async betweenSteps(time: number): Promise<void> {
    try {
      const switches = await this.o.reloader.atBarBoundary();
      if (switches.length > 0) this.o.onSwitch?.(switches);
    } catch (err) {
      this.o.logger.error('model reload failed', { error: errorMessage(err) });
    }
    if (time - this.lastCheck >= this.o.config.models.drift.checkEveryHours * 3_600_000) {
      this.lastCheck = time;
      for (const asset of this.o.config.assets) {
        let drifted: string | undefined;
        try {
          drifted = this.checkAsset(asset, time);
        } catch (err) {
          this.o.logger.warn('drift check failed', { asset, error: errorMessage(err) });
        }
        if (drifted) await this.o.retrain?.onDrifted(time, asset, drifted);
      }
    }
    await this.o.retrain?.atFeedTime(time);
  }

  /** Check one asset; what drifted, when its state has just become drifted. */
  private checkAsset(asset: string, time: number): string | undefined {
    const c = checkDrift({ store: this.o.store, modelsDir: this.o.modelsDir, config: this.o.config, asset, time });
    this.o.onDrift?.(c.report, c.state.state);
    const r = c.report;
    const model = r.modelId;
    if (!c.changed || model === null) return undefined;
    const p = r.predictions;
    const summary = `${r.input ? `${Math.round(r.input.warningShare * 100)}% of the features at warning or worse` : 'no input reference'}; auc ${p?.auc?.toFixed(3) ?? '-'}, ece ${p?.ece?.toFixed(3) ?? '-'} over ${p?.judged ?? 0} judged`;
    const from = c.previous && c.previous.modelId === model ? c.previous.state : 'new';
    this.o.logger[c.state.state === 'drifted' ? 'warn' : 'info']('drift state changed', {
      asset,
      model,
      from,
      to: c.state.state,
      featureShareWarning: r.input ? Number(r.input.warningShare.toFixed(3)) : null,
      auc: p?.auc ?? null,
      ece: p?.ece ?? null,
      judged: p?.judged ?? 0,
    });
    this.o.onStateChange?.({ asset, model, from, to: c.state.state, time, summary });
    return c.state.state === 'drifted' ? `${model} drifted: ${summary}` : undefined;
  }
}
