import type { CandleSeries } from '../candleSeries.js';
import type { EmulatorMarket } from '../markets.js';

/** One print of the public trade tape, the only price path orders are matched against. */
export interface TapePrint {
  readonly market: EmulatorMarket;
  readonly ms: number;
  readonly ns: bigint;
  readonly price: number;
  readonly volume: number;
}

/** How far back the last price is looked for across bars without trades. */
const LOOKBACK_BARS = 48;

/**
 * The synthetic trade tape of each market (the same prints public/Trades serves, which rebuild the
 * candles exactly), read by time: the price at an instant, and every print in a time window.
 */
export class PriceTape {
  constructor(private readonly seriesOf: (market: EmulatorMarket) => CandleSeries | undefined) {}

  /** The last print at or before `time`: what a market order fills at (Ticker's `c`). */
  lastPrice(market: EmulatorMarket, time: number): number | undefined {
    const series = this.seriesOf(market);
    if (!series) return undefined;
    const last = series.indexAtOrBefore(time);
    for (let i = last; i >= 0 && i > last - LOOKBACK_BARS; i--) {
      const prints = series.trades(i).filter((t) => t.ms <= time);
      const print = prints.at(-1);
      if (print) return print.price;
    }
    return last >= 0 ? series.bars[last]?.close : undefined;
  }

  /** Every print of `markets` with from < time <= to, in time order. */
  between(markets: readonly EmulatorMarket[], from: number, to: number): TapePrint[] {
    const out: TapePrint[] = [];
    for (const market of markets) {
      const series = this.seriesOf(market);
      if (!series) continue;
      for (let i = Math.max(0, series.indexAtOrBefore(from)); i < series.bars.length; i++) {
        if ((series.bars[i]?.time ?? Infinity) > to) break;
        for (const t of series.trades(i)) {
          if (t.ms > from && t.ms <= to) out.push({ market, ms: t.ms, ns: t.ns, price: t.price, volume: t.volume });
        }
      }
    }
    return out.sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : 0));
  }
}
