import { UNKNOWN_SOURCE } from '../store/candleRepository.js';

/**
 * Bars from Kraken's API: its OHLC endpoint, and candles rebuilt from its public trades. `bot data
 * download` and the exchange feed of `bot run` both write them, so they extend one series.
 */
export const KRAKEN_API_SOURCE = 'kraken-api';

/**
 * Bars and funding rates from Kraken Futures' API (its charts of a perpetual's trades, its funding history):
 * `bot data download --venue kraken-futures` and the futures exchange feed write them, under the perpetual's
 * own series (BTC/USD:USD), never into the spot market's.
 */
export const KRAKEN_FUTURES_API_SOURCE = 'kraken-futures-api';

const SOURCE_NAME = /^[a-z0-9][a-z0-9.-]{0,39}$/;

/** Why `name` cannot name a candle source (a user's --source), or undefined when it can. */
export function sourceNameProblem(name: string): string | undefined {
  if (name === UNKNOWN_SOURCE) return `'${UNKNOWN_SOURCE}' is what bot records for series stored before it kept sources`;
  if (!SOURCE_NAME.test(name)) return 'use lower-case letters, digits, dots and dashes (up to 40), e.g. binance';
  return undefined;
}
