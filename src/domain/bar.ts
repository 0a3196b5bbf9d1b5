/** One OHLCV candle. `time` is the bar's open time in epoch milliseconds, UTC. */
export interface Bar {
  readonly time: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** A market symbol in ccxt's unified form, e.g. "SOL/USD". */
export type Symbol = string;
