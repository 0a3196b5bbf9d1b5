import { z } from 'zod';
import { Atr } from '../indicators/atr.js';
import { Bollinger } from '../indicators/bollinger.js';
import { LagBuffer } from '../indicators/lagBuffer.js';
import { RollingExtreme } from '../indicators/rollingExtreme.js';
import { RollingMoments } from '../indicators/rollingMoments.js';
import { bars, defineKind, positive } from './kind.js';

export const realizedVol = defineKind({
  kind: 'realized_vol',
  group: 'volatility',
  doc: 'population std of the last `period` one-bar log returns',
  params: z.strictObject({ period: bars(20, 2) }),
  columns: (p) => [`rv_${p.period}`],
  warmup: (p) => p.period,
  create: (p) => {
    const prev = new LagBuffer(1);
    const m = new RollingMoments(p.period);
    return {
      step(bar, out, o) {
        const past = prev.push(bar.close);
        if (!Number.isNaN(past)) m.push(Math.log(bar.close / past));
        out[o] = m.full ? m.std() : Number.NaN;
      },
    };
  },
});

export const atr = defineKind({
  kind: 'atr',
  group: 'volatility',
  doc: 'average true range in price units (the unit of stops) and as a fraction of the close',
  params: z.strictObject({ period: bars(14, 1) }),
  columns: (p) => [`atr_${p.period}`, `atr_pct_${p.period}`],
  warmup: (p) => p.period,
  create: (p) => {
    const a = new Atr(p.period);
    return {
      step(bar, out, o) {
        const v = a.update(bar.high, bar.low, bar.close);
        out[o] = v;
        out[o + 1] = v / bar.close;
      },
    };
  },
});

export const bollinger = defineKind({
  kind: 'bollinger',
  group: 'volatility',
  doc: 'Bollinger %B position of the close and band width / middle, bands at k population std',
  params: z.strictObject({ period: bars(20, 2), k: positive(2) }),
  columns: (p) => [`bb_pos_${p.period}`, `bb_width_${p.period}`],
  warmup: (p) => p.period - 1,
  create: (p) => {
    const b = new Bollinger(p.period, p.k);
    return {
      step(bar, out, o) {
        b.update(bar.close);
        out[o] = b.position;
        out[o + 1] = b.width;
      },
    };
  },
});

export const drawdown = defineKind({
  kind: 'drawdown',
  group: 'volatility',
  doc: 'close / highest close of the last `period` bars - 1 (0 at a new peak, negative below it)',
  params: z.strictObject({ period: bars(100, 2) }),
  columns: (p) => [`drawdown_${p.period}`],
  warmup: (p) => p.period - 1,
  create: (p) => {
    const peak = new RollingExtreme(p.period, true);
    return {
      step(bar, out, o) {
        peak.push(bar.close);
        out[o] = peak.full ? bar.close / peak.value() - 1 : Number.NaN;
      },
    };
  },
});
