import type { Bar, Symbol } from '../domain/bar.js';
import type { Clock, MarketFeed } from '../domain/ports.js';
import { timeframeMs } from '../domain/timeframe.js';
import { ReplayFeed } from '../data/replayFeed.js';
import { seriesFor, type SeriesChoice } from '../data/venueSeries.js';
import { UserError } from '../internal/errors.js';
import type { CandleReader } from '../store/candleRepository.js';
import { ClockSyncedFeed, type ExchangeClock } from './exchangeClock.js';
import { retryAtStartup } from './startupRetry.js';
import type { ExchangeConnection, TradingRuntimeOptions } from './tradingRuntimeTypes.js';

export interface FeedPlan {
  /** Per symbol, the stored series a replay reads (a futures run: the perpetual's, or the spot one standing in). */
  readonly series: ReadonlyMap<Symbol, SeriesChoice>;
  /** Each symbol's history up to where it resumes, to seed the engine with. */
  readonly history: ReadonlyMap<Symbol, Bar[]>;
  /** The last bar already processed per symbol. */
  readonly processed: ReadonlyMap<Symbol, number>;
  /** Where a replay's clock starts: the close of the last bar before the first one played. */
  readonly clockStart: number;
  readonly feed: MarketFeed;
}

/**
 * Where each symbol's bars come from and where they resume: the epoch's cursor, else the replay's start,
 * else the exchange's latest bar. The history before that point is read whole (from the first stored bar),
 * so that streaming state (regimes, features) after a restart is what it would have been without one.
 */
export async function planFeed(
  o: TradingRuntimeOptions,
  symbols: readonly Symbol[],
  cursors: ReadonlyMap<Symbol, number>,
  warmupBars: number,
  clock: Clock,
  exchangeClock: ExchangeClock | undefined,
): Promise<FeedPlan> {
  const { config, store } = o;
  const tf = config.timeframe;
  const candles: CandleReader = o.candles ?? store.candles;
  const series = new Map(symbols.map((s) => [s, seriesFor(candles, config.venue.kind, s, tf)]));
  const seriesOf = (s: Symbol): string => series.get(s)?.series ?? s;
  const seedFeed: MarketFeed =
    o.feed === 'replay' ? new ReplayFeed(candles, symbols, tf, new Map(), o.to, seriesOf) : exchangeOf(o).feed(symbols, new Map(), clock);
  const starts = new Map<Symbol, number>();
  for (const symbol of config.assets) {
    const cursor = cursors.get(symbol);
    starts.set(symbol, cursor !== undefined ? cursor + 1 : o.feed === 'replay' ? replayStart(o, candles, symbol, seriesOf(symbol), warmupBars) : clock.now());
  }
  const firstStart = Math.min(...starts.values());
  const history = new Map<Symbol, Bar[]>();
  const processed = new Map<Symbol, number>();
  const after = new Map<Symbol, number>();
  for (const symbol of symbols) {
    const cursor = cursors.get(symbol);
    const before = cursor !== undefined ? cursor + 1 : (starts.get(symbol) ?? firstStart);
    const bars = await retryAtStartup(`reading the ${symbol} history`, () => seedFeed.history(symbol, Number.MAX_SAFE_INTEGER, before), o.startupRetry);
    history.set(symbol, bars);
    const last = cursor ?? bars.at(-1)?.time;
    if (last !== undefined) processed.set(symbol, last);
    // Without history before the start, everything from the start on is new.
    after.set(symbol, last ?? before - 1);
  }
  const polled = o.feed === 'replay' ? new ReplayFeed(candles, symbols, tf, after, o.to, seriesOf) : exchangeOf(o).feed(symbols, after, clock);
  return {
    series,
    history,
    processed,
    clockStart: Math.max(...after.values()) + timeframeMs(tf),
    feed: exchangeClock ? new ClockSyncedFeed(polled, exchangeClock) : polled,
  };
}

export function exchangeOf(o: TradingRuntimeOptions): ExchangeConnection {
  if (!o.exchange) throw new Error('composeTrading: the exchange feed needs an exchange connection');
  return o.exchange;
}

/** Where a fresh replay starts: --from, else as soon as the scorer has its history. */
function replayStart(o: TradingRuntimeOptions, candles: CandleReader, symbol: Symbol, series: string, warmupBars: number): number {
  const summary = candles.summary(series, o.config.timeframe);
  if (summary.count === 0 || summary.first === null || summary.last === null) {
    throw new UserError(`no ${symbol} ${o.config.timeframe} candles in the store to replay`, {
      hint: `import them (bot data import FILE --symbol ${symbol} --timeframe ${o.config.timeframe}) or download them (bot data download --assets ${symbol})`,
    });
  }
  if (o.from !== undefined) {
    if (o.from > summary.last) {
      throw new UserError(`--from ${new Date(o.from).toISOString()} is after the last stored ${symbol} bar (${new Date(summary.last).toISOString()})`);
    }
    return o.from;
  }
  return summary.first + warmupBars * timeframeMs(o.config.timeframe);
}
