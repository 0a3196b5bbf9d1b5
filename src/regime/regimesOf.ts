import type { Bar } from '../domain/bar.js';
import type { RegimeDetector } from './regime.js';

/** Confirmed and raw labels of a history, aligned with its bars (undefined in warm-up). */
export interface RegimeTrace<R extends string> {
  readonly regime: (R | undefined)[];
  readonly raw: (R | undefined)[];
}

/**
 * Runs a fresh detector over `bars` exactly as the daemon feeds it, one bar at a time: batch is the
 * streaming loop, so the two cannot disagree.
 */
export function regimeTrace<R extends string>(bars: readonly Bar[], makeDetector: () => RegimeDetector<R>): RegimeTrace<R> {
  const detector = makeDetector();
  const regime: (R | undefined)[] = new Array(bars.length);
  const raw: (R | undefined)[] = new Array(bars.length);
  for (let i = 0; i < bars.length; i++) {
    regime[i] = detector.update(bars[i] as Bar);
    raw[i] = detector.raw;
  }
  return { regime, raw };
}

/** The confirmed regime of every bar of `bars`, e.g. regimesOf(btc, () => new MarketRegimeDetector()). */
export function regimesOf<R extends string>(bars: readonly Bar[], makeDetector: () => RegimeDetector<R>): (R | undefined)[] {
  return regimeTrace(bars, makeDetector).regime;
}
