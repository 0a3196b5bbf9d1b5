import type { Bar, Symbol } from '../../domain/bar.js';
import type { MarketInfo } from '../../domain/market.js';
import { barOpenTime, timeframeMs, type Timeframe } from '../../domain/timeframe.js';
import { malformedAnswer, mapExchangeError, withExchangeErrors } from '../exchangeErrors.js';
import type { KrakenClient } from './krakenClient.js';
import { loadKrakenMarkets, marketInfoOf } from './krakenMarkets.js';
import { ccxtMarketSchema, tickerSchema, tradeCursorSchema, tradeSchema, zodProblem } from './krakenSchemas.js';
import { ohlcvBars } from './ohlcvBars.js';

export interface Quote {
  readonly bid: number;
  readonly ask: number;
  readonly last: number;
  /** When the quote was taken, epoch ms (Kraken's ticker carries no time: the time it was received). */
  readonly time: number;
}

export interface PublicTrade {
  readonly time: number;
  readonly price: number;
  readonly amount: number;
}

export interface TradesPage {
  readonly trades: readonly PublicTrade[];
  /** Cursor for the next page (Kraken's `last`, nanoseconds); the given cursor when nothing new came. */
  readonly next: string;
}

/** Kraken market data through ccxt: markets, closed candles, ticker and the public trade tape, all validated. */
export class KrakenMarketData {
  readonly name = 'kraken';

  constructor(
    private readonly client: KrakenClient,
    /** Wall clock for quote times; replaceable for tests. */
    private readonly now: () => number = Date.now,
  ) {}

  async markets(): Promise<MarketInfo[]> {
    const markets = await loadKrakenMarkets(this.client, ccxtMarketSchema);
    return markets.map((m) => marketInfoOf(m, Math.max(1, ...(m.info.leverage_buy ?? []))));
  }

  /**
   * Closed bars from `sinceMs` on (Kraken serves only its 720 most recent bars), oldest first. Kraken's
   * last row is the unfinished current bar: it is always dropped, as is any bar closing after `nowMs`.
   */
  async closedBars(symbol: Symbol, timeframe: Timeframe, sinceMs: number | undefined, nowMs: number): Promise<Bar[]> {
    const what = `fetching ${timeframe} candles of ${symbol}`;
    const rows = await withExchangeErrors(what, () => this.client.fetchOHLCV(symbol, timeframe, sinceMs));
    const tfMs = timeframeMs(timeframe);
    if (rows.length === 0 && (sinceMs === undefined || sinceMs <= barOpenTime(nowMs, timeframe))) {
      // Kraken always sends at least the current bar: nothing at all means the answer was not Kraken's.
      throw malformedAnswer(what, 'no candles in the answer');
    }
    const bars = ohlcvBars(rows, timeframe, what);
    bars.pop();
    return bars.filter((b) => b.time + tfMs <= nowMs);
  }

  async ticker(symbol: Symbol): Promise<Quote> {
    const what = `fetching the ticker of ${symbol}`;
    const raw = await withExchangeErrors(what, () => this.client.fetchTicker(symbol));
    const parsed = tickerSchema.safeParse(raw);
    if (!parsed.success) throw malformedAnswer(what, zodProblem(parsed.error));
    const t = parsed.data;
    return { bid: t.bid, ask: t.ask, last: t.last, time: t.timestamp ?? this.now() };
  }

  /**
   * One page of public trades strictly after `cursor` (Kraken's nanosecond cursor; undefined = the most
   * recent trades). The next cursor is Kraken's `last`, which ccxt appends to the last trade's raw row:
   * the way freqtrade pages Kraken's history.
   */
  async tradesPage(symbol: Symbol, cursor: string | undefined): Promise<TradesPage> {
    const what = `fetching trades of ${symbol}`;
    let raw: Awaited<ReturnType<KrakenClient['fetchTrades']>>;
    try {
      raw = await this.client.fetchTrades(symbol, undefined, undefined, cursor === undefined ? {} : { since: cursor });
    } catch (err) {
      // ccxt reads the trade list without checking it is there: a 200 without one surfaces as a TypeError.
      if (err instanceof TypeError) throw malformedAnswer(what, 'no trade list in the answer', err);
      throw mapExchangeError(err, what);
    }
    const trades: PublicTrade[] = [];
    let previous = -Infinity;
    for (const [i, t] of raw.entries()) {
      const parsed = tradeSchema.safeParse(t);
      if (!parsed.success) throw malformedAnswer(what, `trade ${i}: ${zodProblem(parsed.error)}`);
      const { timestamp, price, amount } = parsed.data;
      if (timestamp < previous) throw malformedAnswer(what, `trade ${i}: trades out of time order`);
      previous = timestamp;
      trades.push({ time: timestamp, price, amount });
    }
    const last = raw.at(-1);
    if (!last) return { trades, next: cursor ?? '0' };
    const info: unknown[] = tradeSchema.shape.info.parse(last.info);
    const next = tradeCursorSchema.safeParse(info.at(-1));
    if (!next.success) throw malformedAnswer(what, `no 'last' cursor after the trades: ${zodProblem(next.error)}`);
    if (cursor !== undefined && BigInt(next.data) <= BigInt(cursor)) {
      throw malformedAnswer(what, `cursor went backwards (${cursor} -> ${next.data})`);
    }
    return { trades, next: next.data };
  }
}
