import type { Bar, Symbol } from '../../domain/bar.js';
import type { FundingRate } from '../../domain/funding.js';
import type { MarginLevel, MarketInfo } from '../../domain/market.js';
import { spotSymbolOf } from '../../domain/perpetualSymbol.js';
import { timeframeMs, type Timeframe } from '../../domain/timeframe.js';
import { malformedAnswer, withExchangeErrors, withUncheckedAnswer } from '../exchangeErrors.js';
import { decimalsOf } from '../kraken/krakenMarkets.js';
import { zodProblem } from '../kraken/krakenSchemas.js';
import { ohlcvBars } from '../kraken/ohlcvBars.js';
import type { KrakenFuturesClient } from './krakenFuturesClient.js';
import { fundingRateSchema, leverageTierSchema, perpetualMarketSchema, serverTimeSchema } from './krakenFuturesSchemas.js';

/** Candles Kraken's charts API serves per call; ccxt pages by it. */
export const CHART_PAGE = 2000;

/**
 * Kraken Futures market data through ccxt's krakenfutures: the USD perpetuals (PF_XBTUSD ...) as the bot's
 * symbols (BTC/USD) with precision, minimums, contract size and margin levels; candles from the charts API,
 * paged by ccxt (not capped at 720 bars as spot's OHLC is); the funding-rate history. All validated.
 */
export class KrakenFuturesMarketData {
  readonly name = 'krakenfutures';
  /** The bot's symbol -> ccxt's unified perpetual symbol, once markets() has run. */
  private readonly unified = new Map<Symbol, string>();
  private marketsFailed = false;

  constructor(private readonly client: KrakenFuturesClient) {}

  /**
   * The exchange's clock (the serverTime of its tickers answer), epoch ms: what "closed" means for a candle
   * is decided on it, not on this machine's clock.
   */
  async serverTime(): Promise<number> {
    const what = 'reading the futures server time';
    const raw = await withExchangeErrors(what, () => this.client.publicGetTickers());
    const parsed = serverTimeSchema.safeParse(raw);
    if (!parsed.success) throw malformedAnswer(what, zodProblem(parsed.error));
    return Date.parse(parsed.data.serverTime);
  }

  /**
   * The USD-settled linear perpetuals, each with its margin levels (loadMarkets, then fetchLeverageTiers).
   * After a failed call the next one loads the markets again: ccxt keeps what it loaded, an empty or
   * partial list from a malformed answer included, and would serve it to every retry.
   */
  async markets(): Promise<MarketInfo[]> {
    const reload = this.marketsFailed;
    this.marketsFailed = true;
    const out = await this.loadPerpetuals(reload);
    this.marketsFailed = false;
    return out;
  }

  private async loadPerpetuals(reload: boolean): Promise<MarketInfo[]> {
    const what = 'loading futures markets';
    const loaded = await withUncheckedAnswer(what, () => this.client.loadMarkets(reload));
    const perpetuals = Object.values(loaded).filter(
      (m): m is NonNullable<typeof m> =>
        m !== undefined && m.swap === true && m.linear === true && m.settle === 'USD' && m.active !== false && String(m.id).startsWith('PF_'),
    );
    if (perpetuals.length === 0) throw malformedAnswer(what, 'no USD perpetuals listed');
    const tiers = await withUncheckedAnswer('loading futures margin levels', () => this.client.fetchLeverageTiers(perpetuals.map((m) => m.symbol)));
    const out: MarketInfo[] = [];
    for (const raw of perpetuals) {
      const parsed = perpetualMarketSchema.safeParse(raw);
      if (!parsed.success) throw malformedAnswer(what, `market ${String(raw.id)}: ${zodProblem(parsed.error)}`);
      const m = parsed.data;
      const symbol = spotSymbolOf(m.symbol);
      if (symbol === undefined) continue;
      const levels = marginLevelsOf(m.symbol, tiers[m.symbol]);
      const first = levels[0];
      if (!first) throw malformedAnswer('loading futures margin levels', `no margin levels for ${m.id}`);
      this.unified.set(symbol, m.symbol);
      out.push({
        symbol,
        base: m.base,
        quote: m.quote,
        pricePrecision: decimalsOf(m.precision.price),
        amountPrecision: decimalsOf(m.precision.amount),
        // Kraken's minimum order is one step of the contract's trade precision.
        minAmount: m.precision.amount,
        minCost: 0,
        maxLeverage: 1 / first.initialMargin,
        perpetual: { id: m.id, unifiedSymbol: m.symbol, contractSize: m.contractSize, marginLevels: levels },
      });
    }
    return out.sort((a, b) => a.symbol.localeCompare(b.symbol));
  }

  /**
   * Trade candles of `symbol`'s perpetual opening in [from, until) and closed by `nowMs`, oldest first,
   * through the charts API: ccxt pages it (paginate, up to 2,000 candles a call).
   */
  async candles(symbol: Symbol, timeframe: Timeframe, from: number, until: number, nowMs: number): Promise<Bar[]> {
    const tfMs = timeframeMs(timeframe);
    const calls = Math.max(1, Math.ceil((until - from) / (CHART_PAGE * tfMs)));
    const params = { paginate: true, until, paginationCalls: calls };
    const rows = await withExchangeErrors(`fetching ${timeframe} candles of ${symbol}'s perpetual`, () =>
      this.client.fetchOHLCV(this.unifiedOf(symbol), timeframe, from, undefined, params),
    );
    return this.closed(symbol, timeframe, rows, nowMs).filter((b) => b.time >= from && b.time < until);
  }

  /** The closed candles from `sinceMs` on (default: the last 2,000 before `nowMs`): what the exchange feed polls. */
  async closedBars(symbol: Symbol, timeframe: Timeframe, sinceMs: number | undefined, nowMs: number): Promise<Bar[]> {
    // Always from a time of ours: without one ccxt counts back from the machine's clock, not the feed's.
    const since = sinceMs ?? nowMs - CHART_PAGE * timeframeMs(timeframe);
    const rows = await withExchangeErrors(`fetching ${timeframe} candles of ${symbol}'s perpetual`, () =>
      this.client.fetchOHLCV(this.unifiedOf(symbol), timeframe, since, CHART_PAGE),
    );
    return this.closed(symbol, timeframe, rows, nowMs);
  }

  /**
   * The funding-rate history of `symbol`'s perpetual from `sinceMs` (Kraken serves the whole of it in one
   * answer), each rate on the start of its hourly period: ccxt's rate is Kraken's relativeFundingRate.
   */
  async fundingHistory(symbol: Symbol, sinceMs: number | undefined, intervalMs: number): Promise<FundingRate[]> {
    const what = `fetching the funding history of ${symbol}'s perpetual`;
    const unified = this.unifiedOf(symbol);
    const raw = await withUncheckedAnswer(what, () => this.client.fetchFundingRateHistory(unified, sinceMs));
    const byTime = new Map<number, FundingRate>();
    for (const [i, r] of raw.entries()) {
      const parsed = fundingRateSchema.safeParse(r);
      if (!parsed.success) throw malformedAnswer(what, `rate ${i}: ${zodProblem(parsed.error)}`);
      const time = Math.floor(parsed.data.timestamp / intervalMs) * intervalMs;
      byTime.set(time, { symbol, time, rate: parsed.data.fundingRate });
    }
    return [...byTime.values()].sort((a, b) => a.time - b.time);
  }

  private unifiedOf(symbol: Symbol): string {
    const u = this.unified.get(symbol);
    if (u === undefined) throw malformedAnswer(`looking up ${symbol}`, 'no such perpetual loaded (markets() first)');
    return u;
  }

  private closed(symbol: Symbol, timeframe: Timeframe, rows: readonly unknown[], nowMs: number): Bar[] {
    const tfMs = timeframeMs(timeframe);
    return ohlcvBars(rows, timeframe, `reading ${timeframe} candles of ${symbol}'s perpetual`).filter((b) => b.time + tfMs <= nowMs);
  }
}

/** ccxt's leverage tiers of one market as margin levels: from minNotional up, 1 / maxLeverage to open. */
function marginLevelsOf(unified: string, raw: unknown): MarginLevel[] {
  if (!Array.isArray(raw)) return [];
  return raw.map((t, i) => {
    const parsed = leverageTierSchema.safeParse(t);
    if (!parsed.success) throw malformedAnswer('loading futures margin levels', `${unified} level ${i}: ${zodProblem(parsed.error)}`);
    return { fromNotional: parsed.data.minNotional, initialMargin: 1 / parsed.data.maxLeverage, maintenanceMargin: parsed.data.maintenanceMarginRate };
  });
}
