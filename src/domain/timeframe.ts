export const TIMEFRAMES = ['1m', '5m', '15m', '30m', '1h', '4h', '1d'] as const;
export type Timeframe = (typeof TIMEFRAMES)[number];

const MINUTE = 60_000;
const TIMEFRAME_MS: Record<Timeframe, number> = {
  '1m': MINUTE,
  '5m': 5 * MINUTE,
  '15m': 15 * MINUTE,
  '30m': 30 * MINUTE,
  '1h': 60 * MINUTE,
  '4h': 240 * MINUTE,
  '1d': 1440 * MINUTE,
};

export function timeframeMs(tf: Timeframe): number {
  return TIMEFRAME_MS[tf];
}

export function isTimeframe(value: string): value is Timeframe {
  return (TIMEFRAMES as readonly string[]).includes(value);
}

/** Open time of the bar of timeframe `tf` that contains `time`. */
export function barOpenTime(time: number, tf: Timeframe): number {
  const ms = timeframeMs(tf);
  return Math.floor(time / ms) * ms;
}
