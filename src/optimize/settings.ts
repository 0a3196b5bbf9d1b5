import type { Config } from '../config/schema.js';
import { timeframeMs } from '../domain/timeframe.js';
import { UserError } from '../internal/errors.js';
import { alignedCadence } from '../strategy/trendDecisions.js';

const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** A time as logs and reports show it: ISO 8601, or its day. */
export const isoTime = (t: number): string => new Date(t).toISOString();
export const isoDay = (t: number): string => isoTime(t).slice(0, 10);

/** Everything the training pipeline reads from the config, full or `--quick`, in bars and milliseconds. */
export interface PipelineSettings {
  readonly quick: boolean;
  readonly barMs: number;
  /** The model settings in force: the full ones, or with `--quick`'s tiny ones laid over them. */
  readonly models: Config['models'];
  readonly horizonsBars: readonly number[];
  readonly embargoMs: number;
  readonly validationMs: number;
  readonly maxTrainMs: number | undefined;
  readonly recencyHalfLifeMs: number | undefined;
  readonly folds: number;
  readonly foldMs: number;
  readonly horizonFolds: number;
  /** Fees and slippage of both legs, at the taker fee: what a trade must earn to be worth taking. */
  readonly roundTripCost: number;
  /** The ensemble's walk-forward choice of method needs chunks of this many validation rows. */
  readonly minChunkRows: number;
  /** Fewest validation trades an entry threshold is judged on. */
  readonly minThresholdTrades: number;
}

export function pipelineSettings(config: Config, quick: boolean): PipelineSettings {
  const barMs = timeframeMs(config.timeframe);
  const m = config.models;
  const models: Config['models'] = quick ? { ...m, ...m.quick, sizes: { ...m.sizes, ...m.quick.sizes } } : m;
  if (!alignedCadence(config.strategy, models.sampleHours)) {
    const key = quick ? 'models.quick.sampleHours' : 'models.sampleHours';
    throw new UserError(
      `${key} ${models.sampleHours} does not line up with strategy.rebalanceHours ${config.strategy.rebalanceHours}: the models sample the strategy's decisions`,
      {
        hint: `set ${key} to a divisor or a multiple of ${config.strategy.rebalanceHours}, e.g. ${config.strategy.rebalanceHours}`,
      },
    );
  }
  const wf = quick ? config.optimize.quick : config.optimize;
  const bars = (hours: number) => Math.max(1, Math.round((hours * HOUR) / barMs));
  return {
    quick,
    barMs,
    models,
    horizonsBars: [...new Set(models.horizonsHours.map(bars))],
    embargoMs: models.embargoHours * HOUR,
    validationMs: models.validationDays * DAY,
    maxTrainMs: models.maxTrainDays === null ? undefined : models.maxTrainDays * DAY,
    recencyHalfLifeMs: models.recencyHalfLifeDays === null ? undefined : models.recencyHalfLifeDays * DAY,
    folds: wf.folds,
    foldMs: wf.foldDays * DAY,
    horizonFolds: wf.horizonFolds,
    roundTripCost: 2 * (config.fees.taker + config.slippageBps / 1e4),
    minChunkRows: quick ? 5 : 50,
    minThresholdTrades: quick ? 5 : 30,
  };
}
