import type { Bar } from '../../domain/bar.js';
import type { Timeframe } from '../../domain/timeframe.js';

/** A run of missing bars: the open times of the first and the last bar that should be there. */
export interface Gap {
  readonly from: number;
  readonly to: number;
  readonly missing: number;
}

export type OhlcViolationKind = 'high-below-low' | 'open-outside-range' | 'close-outside-range' | 'non-positive-price' | 'negative-volume';

export interface OhlcViolation {
  readonly kind: OhlcViolationKind;
  readonly bar: Bar;
}

/** What `bot data check` says about one stored series over a range. */
export interface SeriesReport {
  readonly timeframe: Timeframe;
  /** The range checked: from (inclusive) to (exclusive), epoch ms; the bars' own span when not asked for. */
  readonly from: number | null;
  readonly to: number | null;
  readonly first: number | null;
  readonly last: number | null;
  readonly count: number;
  /** Bar slots of the timeframe in the range. */
  readonly expected: number;
  readonly gaps: {
    readonly count: number;
    readonly missingBars: number;
    /** The largest gaps, largest first (earlier first among equals). */
    readonly largest: readonly Gap[];
  };
  /** Open times that are not a multiple of the timeframe: two such bars can describe the same slot. */
  readonly misaligned: { readonly count: number; readonly sample: readonly number[] };
  readonly zeroVolume: { readonly count: number; readonly sample: readonly number[] };
  readonly ohlcViolations: { readonly count: number; readonly sample: readonly OhlcViolation[] };
}
