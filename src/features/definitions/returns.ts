import { z } from 'zod';
import { LagBuffer } from '../indicators/lagBuffer.js';
import { bars, defineKind } from './kind.js';

export const simpleReturn = defineKind({
  kind: 'return',
  group: 'momentum',
  doc: 'close / close `bars` bars earlier - 1 (momentum over 1h, 3h, 6h, 24h on hourly bars)',
  params: z.strictObject({ bars: bars(1) }),
  columns: (p) => [`ret_${p.bars}`],
  warmup: (p) => p.bars,
  create: (p) => {
    const lag = new LagBuffer(p.bars);
    return {
      step(bar, out, o) {
        const past = lag.push(bar.close);
        out[o] = bar.close / past - 1;
      },
    };
  },
});

export const logReturn = defineKind({
  kind: 'log_return',
  group: 'momentum',
  doc: 'ln(close / previous close) of the bar `lag` bars back (lag 0: this bar)',
  params: z.strictObject({ lag: bars(0, 0, 1000) }),
  columns: (p) => [p.lag === 0 ? 'logret' : `logret_lag${p.lag}`],
  warmup: (p) => p.lag + 1,
  create: (p) => {
    const prev = new LagBuffer(1);
    const returns = p.lag > 0 ? new LagBuffer(p.lag) : null;
    return {
      step(bar, out, o) {
        const r = Math.log(bar.close / prev.push(bar.close));
        out[o] = returns ? returns.push(r) : r;
      },
    };
  },
});
