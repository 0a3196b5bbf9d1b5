import { ruleBasedRun } from '../backtest/backtestRun.js';
import { runBacktest } from '../backtest/runBacktest.js';
import type { BacktestInput, WalkForwardWindow } from '../backtest/report/types.js';
import { compareRuns, type WalkForwardComparison } from '../backtest/walkForwardComparison.js';
import type { Config } from '../config/schema.js';
import { UserError } from '../internal/errors.js';
import type { Logger } from '../internal/logger.js';
import type { InferenceRuntime } from '../models/inference/inferenceRuntime.js';
import type { TuneMethod } from '../models/tuning/tune.js';
import type { Store } from '../store/store.js';
import { foldArtifact } from './foldArtifact.js';
import { foldPredictions, walkForwardScorers, type FoldPredictions, type Judgements } from './foldScorers.js';
import { memberTrainer, workerCount } from './memberTrainer.js';
import { outOfSampleCalibration } from './outOfSample.js';
import type { PoolData } from './poolData.js';
import { DAY, type PipelineSettings } from './settings.js';
import { trainFold, type FoldModel, type FoldWindow } from './trainFold.js';

export interface WalkForwardOptions {
  readonly config: Config;
  readonly store: Store;
  readonly data: PoolData;
  readonly windows: readonly FoldWindow[];
  readonly settings: PipelineSettings;
  readonly logger: Logger;
  readonly interactive: boolean;
  readonly signal?: AbortSignal;
  readonly tune?: { readonly method: TuneMethod; readonly budget: number };
  readonly runId: string;
  /** Runs the fold models' predictions, as the daemon would run them. */
  readonly runtime: InferenceRuntime;
  /** Wall clock: dates the fold artifacts. */
  readonly now: number;
}

export interface WalkForwardRun {
  readonly windows: readonly FoldWindow[];
  /** Every fold's model; only the last one still holds its member models (the candidate): dispose them. */
  readonly folds: readonly FoldModel[];
  readonly predictions: readonly FoldPredictions[];
  /** The engine runs over the folds: the models retrained per fold, and the rule-based strategy. */
  readonly candidate: BacktestInput;
  readonly rule: BacktestInput;
  readonly comparison: WalkForwardComparison;
}

/** A fold without training or validation samples is the user's data or settings: say which and what to do. */
function tooLittleHistory(err: unknown, w: FoldWindow): unknown {
  if (!(err instanceof Error) || err instanceof UserError || !/^no (training|validation) samples/.test(err.message)) return err;
  return new UserError(`cannot train the fold from ${new Date(w.from).toISOString().slice(0, 10)}: ${err.message}`, {
    hint: 'store more history (bot data import / bot data download), start the walk-forward later, or lower optimize.folds, optimize.foldDays or models.validationDays',
  });
}

/** `folds` consecutive windows of whole days, the last ending at `end` (rounded down to a day). */
export function foldWindows(end: number, folds: number, foldMs: number): FoldWindow[] {
  const last = Math.floor(end / DAY) * DAY;
  return Array.from({ length: folds }, (_, k) => ({ from: last - (folds - k) * foldMs, to: last - (folds - k - 1) * foldMs }));
}

/** [from, to) cut into `folds` consecutive windows of whole days (the last one takes the rest). */
export function splitWindows(from: number, to: number, folds: number): FoldWindow[] {
  const days = Math.floor((to - from) / DAY);
  const per = Math.floor(days / folds);
  if (per < 1) throw new UserError(`${days} days cannot be cut into ${folds} folds`, { hint: 'use fewer --folds or a longer period' });
  return Array.from({ length: folds }, (_, k) => ({ from: from + k * per * DAY, to: k === folds - 1 ? to : from + (k + 1) * per * DAY }));
}

/**
 * The walk-forward: for each window, the models and the ensemble trained on everything before it (purged
 * and embargoed, see trainFold), their judgement of every trade the strategy proposes in the window, and
 * then one engine run over all the windows, each bar scored by its fold's ensemble, net of every cost;
 * and the rule-based strategy over the same bars. The last fold's model is kept: it is the candidate
 * that `optimize` may promote, and the walk-forward scored its window with it, not with a twin.
 */
export async function walkForward(o: WalkForwardOptions): Promise<WalkForwardRun> {
  const { data, settings: s, config } = o;
  const folds: FoldModel[] = [];
  const predictions: FoldPredictions[] = [];
  const trainer = memberTrainer(workerCount(config.optimize.workers, s.models.kinds.length));
  try {
    for (const [k, window] of o.windows.entries()) {
      const label = `fold ${k + 1}/${o.windows.length}`;
      const fold = await trainFold(data, window, s, {
        config,
        logger: o.logger,
        interactive: o.interactive,
        label,
        trainer,
        ...(o.signal && { signal: o.signal }),
        ...(o.tune && { tune: o.tune }),
      }).catch((err: unknown) => {
        throw tooLittleHistory(err, window);
      });
      folds.push(fold);
      const artifact = foldArtifact(data, fold, {
        version: `wf${k + 1}`,
        createdAt: o.now,
        strategy: config.strategy,
        roundTripCost: s.roundTripCost,
        metrics: fold.validation,
      });
      predictions.push(await foldPredictions(data, fold, artifact, o.runtime));
      if (k < o.windows.length - 1) for (const m of fold.members) m.model.dispose();
    }
  } catch (err) {
    for (const f of folds) for (const m of f.members) m.model.dispose();
    throw err;
  } finally {
    await trainer.close();
  }

  const from = o.windows[0]!.from;
  const to = o.windows[o.windows.length - 1]!.to;
  const pool = [...data.pool];
  const runConfig = { ...config, assets: pool };
  const reportWindows: WalkForwardWindow[] = folds.map((f) => ({
    trainFrom: f.dataset.train.time[0]!,
    trainTo: f.window.from,
    testFrom: f.window.from,
    testTo: f.window.to,
  }));
  const modelVersions = Object.fromEntries(
    folds.map((f, k) => [
      `fold ${k + 1}`,
      `${s.models.kinds.join(', ')} + rule, horizon ${f.horizon.horizonBars} bars, ${f.spec.method.kind}, ${f.spec.calibration.kind} calibration, entry ${f.entry.threshold}`,
    ]),
  );
  const judged: Judgements = new Map();
  o.logger.info('walk-forward backtest', { from: new Date(from).toISOString(), to: new Date(to).toISOString(), assets: pool });
  const candidate = await runBacktest({
    config: runConfig,
    source: o.store,
    from,
    to,
    scorers: walkForwardScorers(predictions, pool, config.strategy, s.barMs, judged),
    modelVersions,
    walkForward: reportWindows,
    runId: o.runId,
    logger: o.logger,
  });
  const rule = await runBacktest({ config: runConfig, source: o.store, from, to, runId: `${o.runId}-rule`, logger: o.logger });
  const comparison: WalkForwardComparison = {
    ...compareRuns(candidate, rule, o.windows, from, to, { ...config.optimize.interval, seed: s.models.seed }),
    calibration: outOfSampleCalibration(data, folds, judged, config.risk.tiers),
  };
  return {
    windows: o.windows,
    folds,
    predictions,
    candidate: { ...candidate, ruleBased: ruleBasedRun(rule), walkForwardComparison: comparison },
    rule,
    comparison,
  };
}
