import { z } from 'zod';
import { Adx } from '../indicators/adx.js';
import { Macd } from '../indicators/macd.js';
import { RollingMoments } from '../indicators/rollingMoments.js';
import { ema } from '../indicators/smoothedAverage.js';
import { bars, defineKind } from './kind.js';

export const emaZScore = defineKind({
  kind: 'ema_z',
  group: 'trend',
  doc: '(close - EMA(period)) / population std of the last `period` closes; 0 when the closes did not move',
  params: z.strictObject({ period: bars(50, 2) }),
  columns: (p) => [`ema_z_${p.period}`],
  warmup: (p) => p.period - 1,
  create: (p) => {
    const avg = ema(p.period);
    const m = new RollingMoments(p.period);
    return {
      step(bar, out, o) {
        const e = avg.update(bar.close);
        m.push(bar.close);
        if (!m.full) {
          out[o] = Number.NaN;
          return;
        }
        const sd = m.std();
        out[o] = sd > 0 ? (bar.close - e) / sd : 0;
      },
    };
  },
});

export const emaCross = defineKind({
  kind: 'ema_cross',
  group: 'trend',
  doc: 'EMA(fast) / EMA(slow) - 1: its sign flips at each crossover, its size says how far apart they are',
  params: z.strictObject({ fast: bars(12, 1), slow: bars(26, 2) }).refine((p) => p.fast < p.slow, { message: 'fast must be shorter than slow' }),
  columns: (p) => [`ema_cross_${p.fast}_${p.slow}`],
  warmup: (p) => p.slow - 1,
  create: (p) => {
    const fast = ema(p.fast);
    const slow = ema(p.slow);
    return {
      step(bar, out, o) {
        const f = fast.update(bar.close);
        const s = slow.update(bar.close);
        out[o] = f / s - 1;
      },
    };
  },
});

export const macd = defineKind({
  kind: 'macd',
  group: 'trend',
  doc: 'MACD line, signal and histogram (EMA-based), divided by the close so that they compare across price levels',
  params: z
    .strictObject({ fast: bars(12, 1), slow: bars(26, 2), signal: bars(9, 1) })
    .refine((p) => p.fast < p.slow, { message: 'fast must be shorter than slow' }),
  columns: (p) => [`macd_${p.fast}_${p.slow}`, `macd_signal_${p.fast}_${p.slow}_${p.signal}`, `macd_hist_${p.fast}_${p.slow}_${p.signal}`],
  warmup: (p) => p.slow + p.signal - 2,
  create: (p) => {
    const m = new Macd(p.fast, p.slow, p.signal);
    return {
      step(bar, out, o) {
        m.update(bar.close);
        const ready = !Number.isNaN(m.signal);
        out[o] = ready ? m.line / bar.close : Number.NaN;
        out[o + 1] = ready ? m.signal / bar.close : Number.NaN;
        out[o + 2] = ready ? m.histogram / bar.close : Number.NaN;
      },
    };
  },
});

export const adx = defineKind({
  kind: 'adx',
  group: 'trend',
  doc: "Wilder's ADX, +DI and -DI (0..100)",
  params: z.strictObject({ period: bars(14, 2) }),
  columns: (p) => [`adx_${p.period}`, `plus_di_${p.period}`, `minus_di_${p.period}`],
  warmup: (p) => 2 * p.period - 1,
  create: (p) => {
    const a = new Adx(p.period);
    return {
      step(bar, out, o) {
        a.update(bar.high, bar.low, bar.close);
        const ready = !Number.isNaN(a.adx);
        out[o] = a.adx;
        out[o + 1] = ready ? a.plusDi : Number.NaN;
        out[o + 2] = ready ? a.minusDi : Number.NaN;
      },
    };
  },
});
