import { RollingMoments } from '../indicators/rollingMoments.js';

/**
 * Causal z-scores: each column against its own last `window` values, this row included. NaN inputs
 * (warm-up) are skipped; a column's output is NaN until it has seen `window` values. Batch and
 * streaming both step this class row by row, so they agree to the bit.
 */
export class TrailingNormalizer {
  private readonly stats: RollingMoments[];

  constructor(
    readonly width: number,
    readonly window: number,
    readonly clip: number,
  ) {
    this.stats = Array.from({ length: width }, () => new RollingMoments(window));
  }

  /** Normalise the next row (values[offset .. offset + width)) into out[outOffset ..]. */
  step(values: ArrayLike<number>, offset: number, out: Float32Array, outOffset: number): void {
    for (let c = 0; c < this.width; c++) {
      const x = values[offset + c] as number;
      const m = this.stats[c] as RollingMoments;
      if (Number.isNaN(x)) {
        out[outOffset + c] = Number.NaN;
        continue;
      }
      m.push(x);
      if (!m.full) {
        out[outOffset + c] = Number.NaN;
        continue;
      }
      const sd = m.std();
      const z = sd > 1e-12 ? (x - m.mean()) / sd : 0;
      out[outOffset + c] = z > this.clip ? this.clip : z < -this.clip ? -this.clip : z;
    }
  }
}

/** Trailing z-scores of a whole row-major matrix. */
export function trailingZScores(values: Float32Array, width: number, window: number, clip: number): Float32Array {
  const n = new TrailingNormalizer(width, window, clip);
  const out = new Float32Array(values.length);
  for (let base = 0; base < values.length; base += width) n.step(values, base, out, base);
  return out;
}
