import type { Bar } from '../../domain/bar.js';
import { timeframeMs, type Timeframe } from '../../domain/timeframe.js';
import { malformedAnswer } from '../exchangeErrors.js';
import { ohlcvRowSchema, zodProblem } from './krakenSchemas.js';

/**
 * ccxt's OHLCV rows as bars, every row checked (prices, low <= open/close <= high, times in order and on
 * the timeframe's boundaries): a bad row refuses the whole answer, naming `what` was being read and the row.
 */
export function ohlcvBars(rows: readonly unknown[], timeframe: Timeframe, what: string): Bar[] {
  const tfMs = timeframeMs(timeframe);
  const bars: Bar[] = [];
  let previous = -Infinity;
  for (const [i, row] of rows.entries()) {
    const parsed = ohlcvRowSchema.safeParse(row);
    if (!parsed.success) throw malformedAnswer(what, `row ${i} ${JSON.stringify(row)}: ${zodProblem(parsed.error)}`);
    const [time, open, high, low, close, volume] = parsed.data;
    if (time <= previous || time % tfMs !== 0) throw malformedAnswer(what, `row ${i}: bar times out of order or not on ${timeframe} boundaries`);
    previous = time;
    bars.push({ time, open, high, low, close, volume });
  }
  return bars;
}
