import type { VenueKind } from '../config/schema.js';
import type { Symbol } from '../domain/bar.js';
import type { Timeframe } from '../domain/timeframe.js';
import type { CandleReader } from '../store/candleRepository.js';
import { perpetualSymbol } from '../domain/perpetualSymbol.js';
import { KRAKEN_FUTURES_API_SOURCE } from './candleSources.js';
import type { FeedSeries } from './exchangeFeed.js';

/** Where the futures exchange feed keeps a symbol's bars: its perpetual's series, of Kraken Futures' API. */
export const PERPETUAL_SERIES: FeedSeries = { source: KRAKEN_FUTURES_API_SOURCE, of: perpetualSymbol };

/** Which stored candle series a run on a venue reads for one of its symbols. */
export interface SeriesChoice {
  /** The bot's symbol (SOL/USD). */
  readonly symbol: Symbol;
  /** The store's series: the symbol itself, or its perpetual's (SOL/USD:USD). */
  readonly series: string;
  /** Where the series' bars came from (kraken-api, kraken-futures-api, binance, ...); undefined when empty. */
  readonly source: string | undefined;
  /** A futures run on the spot market's candles: they stand in for the perpetual's prices. */
  readonly standIn: boolean;
}

/**
 * The series a run on `venue` reads for `symbol`: a spot run the symbol's own; a futures run the perpetual's
 * when one is stored, else the spot series as a stand-in for the perpetual's prices (said so wherever the
 * run reports). One series per symbol for the whole run: the two are never spliced.
 */
export function seriesFor(candles: CandleReader, venue: VenueKind, symbol: Symbol, timeframe: Timeframe): SeriesChoice {
  if (venue === 'kraken-futures') {
    const perpetual = perpetualSymbol(symbol);
    const source = candles.sourceOf(perpetual, timeframe);
    if (source !== undefined) return { symbol, series: perpetual, source, standIn: false };
    return { symbol, series: symbol, source: candles.sourceOf(symbol, timeframe), standIn: true };
  }
  return { symbol, series: symbol, source: candles.sourceOf(symbol, timeframe), standIn: false };
}

/** The sentence a report or a log says about a stand-in series. */
export function standInNote(choice: SeriesChoice): string {
  return `${choice.symbol}: no perpetual candles stored (${perpetualSymbol(choice.symbol)}); the spot series (source ${choice.source ?? 'none'}) stands in for the perpetual's prices`;
}
