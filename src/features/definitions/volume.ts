import { z } from 'zod';
import { LagBuffer } from '../indicators/lagBuffer.js';
import { RollingMoments } from '../indicators/rollingMoments.js';
import { bars, defineKind } from './kind.js';

export const volumeChange = defineKind({
  kind: 'volume_change',
  group: 'volume',
  // Bounded and defined at zero volume (outage bars), unlike a ratio or a log ratio.
  doc: '(volume - previous volume) / (volume + previous volume), in [-1, 1]; 0 when both are 0',
  params: z.strictObject({}),
  columns: () => ['vol_chg'],
  warmup: () => 1,
  create: () => {
    const prev = new LagBuffer(1);
    return {
      step(bar, out, o) {
        const pv = prev.push(bar.volume);
        const sum = bar.volume + pv;
        out[o] = sum > 0 ? (bar.volume - pv) / sum : Number.isNaN(pv) ? Number.NaN : 0;
      },
    };
  },
});

export const volumeRatio = defineKind({
  kind: 'volume_ratio',
  group: 'volume',
  doc: 'volume / mean volume of the last `period` bars (this one included); 1 when that mean is 0',
  params: z.strictObject({ period: bars(20, 2) }),
  columns: (p) => [`vol_ratio_${p.period}`],
  warmup: (p) => p.period - 1,
  create: (p) => {
    const m = new RollingMoments(p.period);
    return {
      step(bar, out, o) {
        m.push(bar.volume);
        if (!m.full) {
          out[o] = Number.NaN;
          return;
        }
        const mean = m.mean();
        out[o] = mean > 0 ? bar.volume / mean : 1;
      },
    };
  },
});
