import { z } from 'zod';
import { engulfing, isDoji, isHammer, isShootingStar, type PatternThresholds } from '../indicators/candlePatterns.js';
import { RollingExtreme } from '../indicators/rollingExtreme.js';
import { bars, defineKind, positive } from './kind.js';

export const candlePatterns = defineKind({
  kind: 'candle_patterns',
  group: 'price_action',
  doc: 'engulfing (+1 bullish, -1 bearish, 0), doji, hammer, shooting star (1 or 0)',
  params: z.strictObject({ dojiBody: positive(0.1), shadowToBody: positive(2), oppositeShadow: positive(0.15) }),
  columns: () => ['engulfing', 'doji', 'hammer', 'shooting_star'],
  warmup: () => 1,
  create: (p) => {
    const t: PatternThresholds = p;
    const prev = { open: 0, high: 0, low: 0, close: 0 };
    let started = false;
    return {
      step(bar, out, o) {
        if (started) {
          out[o] = engulfing(prev, bar);
          out[o + 1] = isDoji(bar, t) ? 1 : 0;
          out[o + 2] = isHammer(bar, t) ? 1 : 0;
          out[o + 3] = isShootingStar(bar, t) ? 1 : 0;
        } else {
          out[o] = out[o + 1] = out[o + 2] = out[o + 3] = Number.NaN;
        }
        started = true;
        prev.open = bar.open;
        prev.high = bar.high;
        prev.low = bar.low;
        prev.close = bar.close;
      },
    };
  },
});

export const supportResistance = defineKind({
  kind: 'support_resistance',
  group: 'price_action',
  doc: 'distance from the close down to the lowest low and up to the highest high of the last `period` bars, as fractions of the close',
  params: z.strictObject({ period: bars(50, 2) }),
  columns: (p) => [`dist_support_${p.period}`, `dist_resistance_${p.period}`],
  warmup: (p) => p.period - 1,
  create: (p) => {
    const lo = new RollingExtreme(p.period, false);
    const hi = new RollingExtreme(p.period, true);
    return {
      step(bar, out, o) {
        lo.push(bar.low);
        hi.push(bar.high);
        const ready = lo.full;
        out[o] = ready ? (bar.close - lo.value()) / bar.close : Number.NaN;
        out[o + 1] = ready ? (hi.value() - bar.close) / bar.close : Number.NaN;
      },
    };
  },
});
