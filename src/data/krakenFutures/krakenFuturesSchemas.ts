import { z } from 'zod';

/** What ccxt hands back from Kraken Futures, checked before anything downstream sees it. */

const positive = z.number().finite().positive();

/** A linear USD-settled perpetual as ccxt's krakenfutures lists it (PF_XBTUSD as BTC/USD:USD). */
export const perpetualMarketSchema = z.object({
  id: z.string().min(1),
  symbol: z.string().regex(/^[A-Z0-9]+\/[A-Z0-9]+:[A-Z0-9]+$/, 'expected BASE/QUOTE:SETTLE'),
  base: z.string().min(1),
  quote: z.string().min(1),
  contractSize: positive,
  precision: z.object({ price: positive, amount: positive }),
});

/** One level of ccxt's fetchLeverageTiers (Kraken's marginLevels of an instrument). */
export const leverageTierSchema = z.object({
  minNotional: z.number().finite().min(0),
  maintenanceMarginRate: z.number().finite().gt(0).lt(1),
  maxLeverage: z.number().finite().min(1),
});

/** One row of ccxt's fetchFundingRateHistory: `fundingRate` is Kraken's relativeFundingRate. */
export const fundingRateSchema = z.object({
  timestamp: z.number().int().min(0),
  fundingRate: z.number().finite().min(-1).max(1),
});

/** Kraken Futures' answers carry the exchange's clock. */
export const serverTimeSchema = z.object({ serverTime: z.iso.datetime({ offset: true }) });
