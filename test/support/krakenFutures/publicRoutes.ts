import type { CsvBar } from '../sharedData.js';
import { aggregate, type CandleSeries } from '../kraken/candleSeries.js';
import { tradesOfBar } from '../kraken/syntheticTrades.js';
import { KrakenFuturesApiError, type FuturesRequest, type KrakenFuturesEmulator } from './krakenFuturesEmulator.js';
import { instrumentsPayload, type EmulatorPerpetual } from './instruments.js';

const INTERVAL_MINUTES: Readonly<Record<string, number>> = { '1m': 1, '5m': 5, '15m': 15, '30m': 30, '1h': 60, '4h': 240, '1d': 1440 };
const PRICE_TYPES = new Set(['trade', 'mark', 'spot']);
const DAY = 86_400_000;

function perpetualOf(emu: KrakenFuturesEmulator, id: string | undefined): EmulatorPerpetual {
  const p = id === undefined ? undefined : emu.perpetual(id);
  if (!p) throw new KrakenFuturesApiError('contractNotFound');
  return p;
}

/** The bar of `series` at `index` as seen at `now`: the one containing `now` is built from its trades so far. */
function barAt(series: CandleSeries, index: number, now: number): CsvBar {
  const bar = series.bars[index] as CsvBar;
  if (bar.time + series.intervalMs <= now) return bar;
  const prev = series.bars[index - 1];
  return aggregate(
    bar.time,
    tradesOfBar(bar, series.intervalMs).filter((t) => t.ms <= now),
    prev?.close ?? bar.open,
  );
}

/**
 * GET /api/charts/v1/{price_type}/{symbol}/{interval}?from=S&to=S: candles opening in [from, to] (seconds),
 * at most chartLimit from `from` on, `more_candles` when more were left; without from and to, the last
 * chartLimit. The same (real) prices for every price type: a fixture, not Kraken's mark or index.
 */
function charts(req: FuturesRequest, emu: KrakenFuturesEmulator): unknown {
  const p = perpetualOf(emu, req.params['symbol']);
  const minutes = INTERVAL_MINUTES[req.params['interval'] ?? ''];
  if (minutes === undefined || !PRICE_TYPES.has(req.params['price_type'] ?? '')) throw new KrakenFuturesApiError('invalidArgument');
  const series = emu.candleSeries(p.symbol, minutes);
  if (!series) return { candles: [], more_candles: false };
  const now = req.now;
  const last = series.indexAtOrBefore(now);
  const from = req.params['from'] === undefined ? undefined : Number(req.params['from']) * 1000;
  const to = req.params['to'] === undefined ? now : Math.min(now, Number(req.params['to']) * 1000);
  let first = from === undefined ? Math.max(0, last - emu.chartLimit + 1) : series.indexAtOrBefore(from - 1) + 1;
  const end = Math.min(last, series.indexAtOrBefore(to));
  const served: CsvBar[] = [];
  for (; first <= end && served.length < emu.chartLimit; first++) served.push(barAt(series, first, now));
  req.notes['candles'] = served.length;
  return {
    candles: served.map((b) => ({ time: b.time, open: String(b.open), high: String(b.high), low: String(b.low), close: String(b.close), volume: b.volume })),
    more_candles: first <= end,
  };
}

function tickerOf(p: EmulatorPerpetual, emu: KrakenFuturesEmulator, now: number): Record<string, unknown> {
  const series = emu.candleSeries(p.symbol, 60);
  const index = series ? series.indexAtOrBefore(now) : -1;
  if (!series || index < 0) return { symbol: p.id, suspended: true, tag: 'perpetual', pair: `${p.base}:USD` };
  const bar = barAt(series, index, now);
  const dayAgo = barAt(series, Math.max(0, series.indexAtOrBefore(now - DAY)), now);
  const rate =
    emu.funding
      .get(p.id)
      ?.filter((r) => r.time <= now)
      .at(-1)?.relative ?? 0;
  return {
    tag: 'perpetual',
    pair: `${p.base}:USD`,
    symbol: p.id,
    markPrice: bar.close,
    bid: bar.close - p.tickSize,
    bidSize: 1,
    ask: bar.close + p.tickSize,
    askSize: 1,
    vol24h: 0,
    openInterest: 0,
    open24h: dayAgo.open,
    indexPrice: bar.close,
    last: bar.close,
    lastTime: new Date(now).toISOString(),
    lastSize: 0,
    fundingRate: rate * bar.close,
    fundingRatePrediction: rate * bar.close,
    suspended: false,
    postOnly: false,
  };
}

/** GET tickers (all) or tickers/{symbol}. */
function tickers(req: FuturesRequest, emu: KrakenFuturesEmulator): unknown {
  const serverTime = new Date(req.now).toISOString();
  const one = req.params['symbol'];
  if (one !== undefined) return { result: 'success', ticker: tickerOf(perpetualOf(emu, one), emu, req.now), serverTime };
  return { result: 'success', tickers: emu.perpetuals.map((p) => tickerOf(p, emu, req.now)), serverTime };
}

/**
 * GET /derivatives/api/v4/historicalfundingrates?symbol=PF_XBTUSD: the whole history up to now, as Kraken
 * serves it (no paging), from the emulator's fixture rates; the absolute rate is the relative one times the
 * hour's close.
 */
function historicalFundingRates(req: FuturesRequest, emu: KrakenFuturesEmulator): unknown {
  const p = perpetualOf(emu, req.params['symbol']);
  const series = emu.candleSeries(p.symbol, 60);
  const rates = (emu.funding.get(p.id) ?? []).filter((r) => r.time <= req.now);
  req.notes['rates'] = rates.length;
  return {
    rates: rates.map((r) => {
      const i = series ? series.indexAtOrBefore(r.time) : -1;
      const price = i >= 0 && series ? (series.bars[i] as CsvBar).close : 0;
      return { timestamp: new Date(r.time).toISOString(), fundingRate: r.relative * price, relativeFundingRate: r.relative };
    }),
    result: 'success',
    serverTime: new Date(req.now).toISOString(),
  };
}

/** The public endpoints ccxt's krakenfutures uses for markets, candles and funding. */
export function registerFuturesPublicRoutes(emu: KrakenFuturesEmulator): void {
  emu.route('public/instruments', (req) => instrumentsPayload(emu.perpetuals, req.now));
  emu.route('public/tickers', tickers);
  emu.route('public/historicalfundingrates', historicalFundingRates);
  emu.route('charts', charts);
}
