import { Atr } from '../indicators/atr.js';
import { RollingMoments } from '../indicators/rollingMoments.js';
import { emptyBar, isColumns, readBar, seriesLength, toColumns, type BarSeries } from '../compute/series.js';
import { DIRECTION, resolveLabelOptions, type LabelOptions } from './labelOptions.js';
import { tripleBarrier } from './tripleBarrier.js';

export interface HorizonLabels {
  readonly horizon: number;
  /** ln(close[t + h] / close[t]). */
  readonly logReturn: Float32Array;
  /** logReturn / (sigma[t] sqrt(h)): the return in units of the volatility known at t. */
  readonly scaledReturn: Float32Array;
  /** DIRECTION.down / flat / up, flat inside the dead zone. */
  readonly direction: Float32Array;
  /** BARRIER outcome of a long and of a short entered on the signal at t. */
  readonly barrierLong: Float32Array;
  readonly barrierShort: Float32Array;
}

/**
 * Labels of one series; NaN where a label does not exist: the last h bars (their future is not in
 * the data), bars before sigma or ATR is defined, and bars with sigma = 0.
 */
export interface Labels {
  readonly rows: number;
  readonly options: LabelOptions;
  /** Trailing one-bar volatility sigma at each bar (causal). */
  readonly sigma: Float64Array;
  /** ATR at each bar (causal), the barrier unit. */
  readonly atr: Float64Array;
  readonly horizons: readonly HorizonLabels[];
}

export function computeLabels(series: BarSeries, options: Partial<LabelOptions> = {}): Labels {
  const o = resolveLabelOptions(options);
  const cols = isColumns(series) ? series : toColumns(series);
  const n = seriesLength(cols);
  const sigma = new Float64Array(n);
  const atr = new Float64Array(n);
  const moments = new RollingMoments(o.volWindow);
  const atrCalc = new Atr(o.atrPeriod);
  const bar = emptyBar();
  let prevClose = Number.NaN;
  for (let t = 0; t < n; t++) {
    readBar(cols, t, bar);
    if (!Number.isNaN(prevClose)) moments.push(Math.log(bar.close / prevClose));
    prevClose = bar.close;
    sigma[t] = moments.full ? moments.std() : Number.NaN;
    atr[t] = atrCalc.update(bar.high, bar.low, bar.close);
  }
  const close = cols.close;
  const horizons = o.horizons.map((h): HorizonLabels => {
    const logReturn = new Float32Array(n).fill(Number.NaN);
    const scaledReturn = new Float32Array(n).fill(Number.NaN);
    const direction = new Float32Array(n).fill(Number.NaN);
    const root = Math.sqrt(h);
    for (let t = 0; t + h < n; t++) {
      const r = Math.log((close[t + h] as number) / (close[t] as number));
      logReturn[t] = r;
      const s = (sigma[t] as number) * root;
      if (!(s > 0)) continue;
      const z = r / s;
      scaledReturn[t] = z;
      direction[t] = z > o.deadZone ? DIRECTION.up : z < -o.deadZone ? DIRECTION.down : DIRECTION.flat;
    }
    const barrier = tripleBarrier(cols, atr, { horizon: h, takeProfitAtr: o.takeProfitAtr, stopAtr: o.stopAtr, entry: o.entry });
    return { horizon: h, logReturn, scaledReturn, direction, barrierLong: barrier.long, barrierShort: barrier.short };
  });
  return { rows: n, options: o, sigma, atr, horizons };
}

/** The label columns by name, in a stable order: fwd_logret_h, fwd_z_h, dir_h, tb_long_h, tb_short_h per horizon. */
export function labelColumns(labels: Labels): { name: string; values: Float32Array }[] {
  return labels.horizons.flatMap((l) => [
    { name: `fwd_logret_${l.horizon}`, values: l.logReturn },
    { name: `fwd_z_${l.horizon}`, values: l.scaledReturn },
    { name: `dir_${l.horizon}`, values: l.direction },
    { name: `tb_long_${l.horizon}`, values: l.barrierLong },
    { name: `tb_short_${l.horizon}`, values: l.barrierShort },
  ]);
}
