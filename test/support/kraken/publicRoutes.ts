import type { CsvBar } from '../sharedData.js';
import { aggregate, type CandleSeries, type ServedBar } from './candleSeries.js';
import { KrakenApiError, type EmulatorRequest, type KrakenEmulator } from './krakenEmulator.js';
import { assetPairsPayload, assetsPayload, type EmulatorMarket } from './markets.js';
import { NS_PER_MS, tradeRow, type SyntheticTrade } from './syntheticTrades.js';

const DAY_MS = 86_400_000;

function pairOf(req: EmulatorRequest, emu: KrakenEmulator): EmulatorMarket {
  const pair = req.params['pair'];
  const market = pair === undefined ? undefined : emu.market(pair);
  if (!market) throw new KrakenApiError('EQuery:Unknown asset pair');
  return market;
}

function seriesOf(emu: KrakenEmulator, market: EmulatorMarket, interval: number): CandleSeries {
  const series = emu.candleSeries(market.symbol, interval);
  if (!series) throw new KrakenApiError('EGeneral:Invalid arguments');
  return series;
}

function complete(bar: CsvBar, series: CandleSeries, index: number): ServedBar {
  const trades = series.trades(index);
  const notional = trades.reduce((a, t) => a + t.price * t.volume, 0);
  return { ...bar, vwap: bar.volume > 0 ? notional / bar.volume : bar.close, count: trades.length };
}

/**
 * The bars visible at `now`, oldest first, at most `limit`: complete bars, then the bar containing `now`
 * built from the trades so far (flat at the previous close, without volume, before its first trade or
 * when the source has no bar there), as Kraken always serves the current bar last.
 */
export function visibleBars(series: CandleSeries, now: number, limit: number): ServedBar[] {
  const currentOpen = Math.floor(now / series.intervalMs) * series.intervalMs;
  const last = series.indexAtOrBefore(now);
  if (last < 0) return [];
  const lastBar = series.bars[last] as CsvBar;
  const hasCurrent = lastBar.time === currentOpen;
  const lastComplete = hasCurrent ? last - 1 : last;
  const prevClose = lastComplete >= 0 ? (series.bars[lastComplete] as CsvBar).close : lastBar.open;
  const current = hasCurrent
    ? aggregate(
        currentOpen,
        series.trades(last).filter((t) => t.ms <= now),
        prevClose,
      )
    : aggregate(currentOpen, [], lastBar.close);
  const rows: ServedBar[] = [];
  for (let i = Math.max(0, lastComplete - limit + 2); i <= lastComplete; i++) rows.push(complete(series.bars[i] as CsvBar, series, i));
  rows.push(current);
  return rows;
}

function ohlcRow(b: ServedBar): [number, string, string, string, string, string, string, number] {
  return [b.time / 1000, String(b.open), String(b.high), String(b.low), String(b.close), String(b.vwap), String(b.volume), b.count];
}

function ohlc(req: EmulatorRequest, emu: KrakenEmulator): unknown {
  const market = pairOf(req, emu);
  const series = seriesOf(emu, market, Number(req.params['interval'] ?? '1'));
  const rows = visibleBars(series, req.now, emu.ohlcLimit);
  // Kraken's `since` is exclusive and only filters inside the most recent `limit` bars.
  const since = req.params['since'] === undefined ? -Infinity : Number(req.params['since']) * 1000;
  const served = rows.filter((b) => b.time > since);
  const committed = rows.at(-2) ?? rows.at(-1);
  req.notes['rows'] = served.length;
  return { [market.id]: served.map(ohlcRow), last: committed ? committed.time / 1000 : 0 };
}

function roundTo(value: number, decimals: number, mode: 'floor' | 'ceil'): string {
  const f = 10 ** decimals;
  return (Math[mode](value * f) / f).toFixed(decimals);
}

function ticker(req: EmulatorRequest, emu: KrakenEmulator): unknown {
  const market = pairOf(req, emu);
  const series = seriesOf(emu, market, emu.tradeInterval);
  const now = req.now;
  const bars = visibleBars(series, now, Math.ceil(DAY_MS / series.intervalMs) + 1);
  const current = bars.at(-1);
  if (!current) throw new KrakenApiError('EGeneral:Internal error');
  const index = series.indexAtOrBefore(now);
  const tape = [...series.trades(index - 1), ...series.trades(index)].filter((t) => t.ms <= now);
  const lastTrade = tape.at(-1);
  const last = lastTrade?.price ?? current.close;
  const dayStart = Math.floor(now / DAY_MS) * DAY_MS;
  const stats = (from: number) => {
    const sel = bars.filter((b) => b.time >= from);
    const volume = sel.reduce((a, b) => a + b.volume, 0);
    const notional = sel.reduce((a, b) => a + b.vwap * b.volume, 0);
    return {
      volume,
      vwap: volume > 0 ? notional / volume : last,
      count: sel.reduce((a, b) => a + b.count, 0),
      low: Math.min(...sel.map((b) => b.low)),
      high: Math.max(...sel.map((b) => b.high)),
      open: sel[0]?.open ?? last,
    };
  };
  const today = stats(dayStart);
  const day = stats(now - DAY_MS);
  const d = market.pairDecimals;
  return {
    [market.id]: {
      a: [roundTo(last * 1.0001, d, 'ceil'), '1', '1.000'],
      b: [roundTo(last * 0.9999, d, 'floor'), '1', '1.000'],
      c: [String(last), String(lastTrade?.volume ?? 0)],
      v: [String(today.volume), String(day.volume)],
      p: [String(today.vwap), String(day.vwap)],
      t: [today.count, day.count],
      l: [String(today.low), String(day.low)],
      h: [String(today.high), String(day.high)],
      o: String(today.open),
    },
  };
}

/** Kraken's trade cursor: nanoseconds, or seconds when small enough to be seconds. */
function parseCursor(value: string): bigint {
  if (!/^\d+$/.test(value)) throw new KrakenApiError('EGeneral:Invalid arguments:since');
  const n = BigInt(value);
  return n < 10_000_000_000_000n ? n * 1_000_000_000n : n;
}

function trades(req: EmulatorRequest, emu: KrakenEmulator): unknown {
  const market = pairOf(req, emu);
  const series = seriesOf(emu, market, emu.tradeInterval);
  const now = req.now;
  const limit = emu.tradesPageSize;
  const out: SyntheticTrade[] = [];
  const sinceParam = req.params['since'];
  let since: bigint | undefined;
  if (sinceParam === undefined) {
    // Without a cursor Kraken answers the most recent trades.
    for (let i = series.indexAtOrBefore(now); i >= 0 && out.length < limit; i--) {
      out.unshift(...series.trades(i).filter((t) => t.ms <= now));
    }
    out.splice(0, Math.max(0, out.length - limit));
  } else {
    since = parseCursor(sinceParam);
    const sinceMs = Number(since / NS_PER_MS);
    for (let i = Math.max(0, series.indexAtOrBefore(sinceMs)); i < series.bars.length && out.length < limit; i++) {
      if ((series.bars[i] as CsvBar).time > now) break;
      for (const t of series.trades(i)) {
        if (t.ns > since && t.ms <= now && out.length < limit) out.push(t);
      }
    }
  }
  const lastNs = out.at(-1)?.ns ?? since ?? BigInt(now) * NS_PER_MS;
  req.notes['trades'] = out.length;
  req.notes['ids'] = out.map((t) => t.id);
  return { [market.id]: out.map(tradeRow), last: String(lastNs) };
}

/** The public market-data endpoints ccxt uses: Assets, AssetPairs, Time, SystemStatus, OHLC, Ticker, Trades. */
export function registerPublicRoutes(emu: KrakenEmulator): void {
  emu.route('public/Assets', () => assetsPayload(emu.assets));
  emu.route('public/AssetPairs', () => assetPairsPayload(emu.markets));
  emu.route('public/Time', (req) => ({ unixtime: Math.floor(req.now / 1000), rfc1123: new Date(req.now).toUTCString() }));
  emu.route('public/SystemStatus', (req) => ({ status: 'online', timestamp: new Date(req.now).toISOString() }));
  emu.route('public/OHLC', ohlc);
  emu.route('public/Ticker', ticker);
  emu.route('public/Trades', trades);
}
