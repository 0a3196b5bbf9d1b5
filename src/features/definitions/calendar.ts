import { z } from 'zod';
import { defineKind } from './kind.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TAU = 2 * Math.PI;
// 24 hours and 7 days: a table instead of four trig calls per bar.
const HOUR_SIN = Float64Array.from({ length: 24 }, (_, h) => Math.sin((TAU * h) / 24));
const HOUR_COS = Float64Array.from({ length: 24 }, (_, h) => Math.cos((TAU * h) / 24));
const DOW_SIN = Float64Array.from({ length: 7 }, (_, d) => Math.sin((TAU * d) / 7));
const DOW_COS = Float64Array.from({ length: 7 }, (_, d) => Math.cos((TAU * d) / 7));

export const calendar = defineKind({
  kind: 'calendar',
  group: 'time',
  doc: 'hour of day and day of week (UTC, of the bar open) on the unit circle, so 23:00 sits next to 00:00',
  params: z.strictObject({}),
  columns: () => ['hour_sin', 'hour_cos', 'dow_sin', 'dow_cos'],
  warmup: () => 0,
  create: () => ({
    step(bar, out, o) {
      const hour = Math.floor((((bar.time % DAY) + DAY) % DAY) / HOUR);
      // 1970-01-01 was a Thursday: day 0 is Thursday, so shift to Sunday = 0.
      const dow = (((Math.floor(bar.time / DAY) + 4) % 7) + 7) % 7;
      out[o] = HOUR_SIN[hour] as number;
      out[o + 1] = HOUR_COS[hour] as number;
      out[o + 2] = DOW_SIN[dow] as number;
      out[o + 3] = DOW_COS[dow] as number;
    },
  }),
});

export const tier = defineKind({
  kind: 'tier',
  group: 'asset',
  doc: "the asset's tier from the feature set's tier map (1 BTC/ETH, 2 SOL, 3 the rest by default)",
  params: z.strictObject({}),
  columns: () => ['tier'],
  warmup: () => 0,
  create: (_p, ctx) => ({
    step(_bar, out, o) {
      out[o] = ctx.tier;
    },
  }),
});
