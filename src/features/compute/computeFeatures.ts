import { UserError } from '../../internal/errors.js';
import type { FeatureSet } from '../featureSet.js';
import { buildEngine, type KernelBank } from './engine.js';
import type { FeatureMatrix } from './featureMatrix.js';
import { checkBar, emptyBar, readBar, seriesLength, type BarSeries } from './series.js';

export interface ComputeOptions {
  /** The symbol the bars belong to (its tier is a feature). */
  readonly symbol: string;
  /**
   * Bars of the set's lead asset, needed when the set has lead features; for the lead symbol itself
   * its own bars are used when this is left out.
   */
  readonly lead?: BarSeries;
}

/** Run a bank over a whole series into a compact Float64 matrix (rows x bank width). */
function runBank(bank: KernelBank, series: BarSeries, what: string): { times: Float64Array; values: Float64Array } {
  const n = seriesLength(series);
  const w = bank.width;
  const times = new Float64Array(n);
  const values = new Float64Array(n * w);
  const row = new Float64Array(w);
  const bar = emptyBar();
  let prev = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    readBar(series, i, bar);
    checkBar(bar, prev, what);
    prev = bar.time;
    bank.step(bar, row);
    times[i] = bar.time;
    values.set(row, i * w);
  }
  return { times, values };
}

/**
 * The features of a whole history, by the same kernels as StreamingFeatures, bar after bar: row i
 * depends on bars 0..i only. Lead columns of row i come from the latest lead bar opening at or before
 * bar i (as-of join), NaN before the first.
 */
export function computeFeatures(set: FeatureSet, series: BarSeries, options: ComputeOptions): FeatureMatrix {
  const engine = buildEngine(set, options.symbol);
  const n = seriesLength(series);
  const width = set.columns.length;
  const values = new Float32Array(n * width);
  const times = new Float64Array(n);

  let lead: { times: Float64Array; values: Float64Array } | null = null;
  if (engine.lead) {
    const leadSeries = options.lead ?? (options.symbol === set.options.lead?.symbol ? series : undefined);
    if (!leadSeries) {
      throw new UserError(
        `the feature set has ${set.options.lead?.symbol ?? 'lead'} features but no ${set.options.lead?.symbol ?? 'lead'} bars were given for ${options.symbol}`,
        {
          hint: 'pass the lead bars (same timeframe), or use a feature set without lead features',
        },
      );
    }
    lead = runBank(engine.lead, leadSeries, `lead ${set.options.lead?.symbol ?? ''}`.trim());
  }

  const selfWidth = engine.self.width;
  const selfCols = engine.selfColumns;
  const leadCols = engine.leadColumns;
  const leadWidth = leadCols.length;
  const row = new Float64Array(selfWidth);
  const bar = emptyBar();
  let prev = Number.NEGATIVE_INFINITY;
  let j = 0;
  for (let i = 0; i < n; i++) {
    readBar(series, i, bar);
    checkBar(bar, prev, options.symbol);
    prev = bar.time;
    times[i] = bar.time;
    engine.self.step(bar, row);
    const base = i * width;
    for (let k = 0; k < selfWidth; k++) values[base + (selfCols[k] as number)] = row[k] as number;
    if (lead) {
      const lt = lead.times;
      while (j < lt.length && (lt[j] as number) <= bar.time) j++;
      const from = (j - 1) * leadWidth;
      for (let k = 0; k < leadWidth; k++) values[base + (leadCols[k] as number)] = j > 0 ? (lead.values[from + k] as number) : Number.NaN;
    }
  }
  return { columns: set.columns, rows: n, width, values, times, warmup: set.warmup };
}
