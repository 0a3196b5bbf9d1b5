import type { Bar, Symbol } from '../domain/bar.js';
import type { FundingRate } from '../domain/funding.js';
import { perpetualSymbol } from '../domain/perpetualSymbol.js';
import type { FeedUpdate, MarketFeed } from '../domain/ports.js';
import type { FundingRateRepository } from '../store/fundingRateRepository.js';
import { KRAKEN_FUTURES_API_SOURCE } from './candleSources.js';

/** Where the feed reads new funding rates (KrakenFuturesMarketData). */
export interface FundingSource {
  fundingHistory(symbol: Symbol, sinceMs: number | undefined, intervalMs: number): Promise<FundingRate[]>;
}

/**
 * A perpetual's exchange feed: the bars of the feed it wraps, and with them the funding rates published since
 * the last stored one, written to the store before the engine steps over the bars, so that the venue charges
 * each period at the exchange's rate (the configured one only where the exchange has none).
 */
export class FundingRefreshingFeed implements MarketFeed {
  readonly kind = 'exchange' as const;
  private readonly refreshed = new Set<Symbol>();

  constructor(
    private readonly inner: MarketFeed,
    private readonly source: FundingSource,
    private readonly rates: FundingRateRepository,
    private readonly intervalMs: number,
  ) {}

  async history(symbol: Symbol, count: number, beforeTime: number): Promise<Bar[]> {
    const bars = await this.inner.history(symbol, count, beforeTime);
    if (!this.refreshed.has(symbol)) await this.refresh(symbol);
    return bars;
  }

  async poll(): Promise<FeedUpdate | 'end'> {
    const update = await this.inner.poll();
    if (update !== 'end') for (const symbol of update.bars.keys()) await this.refresh(symbol);
    return update;
  }

  private async refresh(symbol: Symbol): Promise<void> {
    const series = perpetualSymbol(symbol);
    const last = this.rates.summary(series).last;
    const fresh = await this.source.fundingHistory(symbol, last === null ? undefined : last + 1, this.intervalMs);
    this.rates.upsertFrom(KRAKEN_FUTURES_API_SOURCE, series, fresh);
    this.refreshed.add(symbol);
  }
}
