import { z } from 'zod';
import { Cci } from '../indicators/cci.js';
import { LagBuffer } from '../indicators/lagBuffer.js';
import { Rsi } from '../indicators/rsi.js';
import { Stochastic } from '../indicators/stochastic.js';
import { bars, defineKind } from './kind.js';

export const rsi = defineKind({
  kind: 'rsi',
  group: 'oscillator',
  doc: "Wilder's RSI (0..100)",
  params: z.strictObject({ period: bars(14, 2) }),
  columns: (p) => [`rsi_${p.period}`],
  warmup: (p) => p.period,
  create: (p) => {
    const r = new Rsi(p.period);
    return {
      step(bar, out, o) {
        out[o] = r.update(bar.close);
      },
    };
  },
});

export const stochastic = defineKind({
  kind: 'stochastic',
  group: 'oscillator',
  doc: 'fast stochastic %K over `period` bars and %D, its `signal`-bar mean (0..100)',
  params: z.strictObject({ period: bars(14, 2), signal: bars(3, 1) }),
  columns: (p) => [`stoch_k_${p.period}`, `stoch_d_${p.period}_${p.signal}`],
  warmup: (p) => p.period + p.signal - 2,
  create: (p) => {
    const s = new Stochastic(p.period, p.signal);
    return {
      step(bar, out, o) {
        s.update(bar.high, bar.low, bar.close);
        const ready = !Number.isNaN(s.d);
        out[o] = ready ? s.k : Number.NaN;
        out[o + 1] = s.d;
      },
    };
  },
});

export const cci = defineKind({
  kind: 'cci',
  group: 'oscillator',
  doc: 'commodity channel index over `period` bars',
  params: z.strictObject({ period: bars(20, 2) }),
  columns: (p) => [`cci_${p.period}`],
  warmup: (p) => p.period - 1,
  create: (p) => {
    const c = new Cci(p.period);
    return {
      step(bar, out, o) {
        out[o] = c.update(bar.high, bar.low, bar.close);
      },
    };
  },
});

export const roc = defineKind({
  kind: 'roc',
  group: 'oscillator',
  doc: 'rate of change in percent: 100 (close / close `period` bars earlier - 1)',
  params: z.strictObject({ period: bars(10, 1) }),
  columns: (p) => [`roc_${p.period}`],
  warmup: (p) => p.period,
  create: (p) => {
    const lag = new LagBuffer(p.period);
    return {
      step(bar, out, o) {
        const past = lag.push(bar.close);
        out[o] = ((bar.close - past) / past) * 100;
      },
    };
  },
});
