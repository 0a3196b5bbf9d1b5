import type { CandleSeries } from '../../kraken/candleSeries.js';
import type { EmulatorPerpetual } from '../instruments.js';

/** One print of a perpetual's trade tape. */
export interface FuturesPrint {
  readonly perpetual: EmulatorPerpetual;
  readonly ms: number;
  readonly ns: bigint;
  readonly price: number;
  readonly volume: number;
}

/**
 * The perpetuals' trade tapes, rebuilt from their hourly candles by the same synthetic trades the spot
 * emulator matches against: the only prices orders fill at, positions are marked at and liquidated on.
 */
export class FuturesTape {
  constructor(private readonly seriesOf: (p: EmulatorPerpetual) => CandleSeries | undefined) {}

  /** The last print at or before `time` (the bar's close when the bar had none). */
  lastPrice(p: EmulatorPerpetual, time: number): number | undefined {
    const series = this.seriesOf(p);
    const index = series ? series.indexAtOrBefore(time) : -1;
    if (!series || index < 0) return undefined;
    for (let i = index; i >= Math.max(0, index - 1); i--) {
      const print = series.trades(i).findLast((t) => t.ms <= time);
      if (print) return print.price;
    }
    return series.bars[index]?.close;
  }

  /** Every print of `perpetuals` with from < time <= to, in time order. */
  between(perpetuals: Iterable<EmulatorPerpetual>, from: number, to: number): FuturesPrint[] {
    const out: FuturesPrint[] = [];
    for (const perpetual of perpetuals) {
      const series = this.seriesOf(perpetual);
      if (!series) continue;
      for (let i = Math.max(0, series.indexAtOrBefore(from)); i < series.bars.length && (series.bars[i]?.time ?? Infinity) <= to; i++) {
        for (const t of series.trades(i)) if (t.ms > from && t.ms <= to) out.push({ perpetual, ms: t.ms, ns: t.ns, price: t.price, volume: t.volume });
      }
    }
    return out.sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : 0));
  }
}
