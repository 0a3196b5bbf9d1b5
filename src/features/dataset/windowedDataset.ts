import type { ColumnarValues } from '../normalize/fittedNormalizer.js';

/** One series (one asset) of a dataset: its (normalised) feature rows and its targets. */
export interface DatasetSeries {
  readonly name: string;
  readonly features: ColumnarValues;
  /** One Float32Array of length `rows` per target (e.g. a direction label); NaN = no label. */
  readonly targets: readonly Float32Array[];
}

export interface Segment {
  readonly name: string;
  /** First global row of the series. */
  readonly start: number;
  readonly rows: number;
}

/** A batch ready for tf.tensor3d(x, xShape) and tf.tensor2d(y, yShape). */
export interface Batch {
  readonly x: Float32Array;
  readonly y: Float32Array;
  readonly size: number;
  readonly xShape: [number, number, number];
  readonly yShape: [number, number];
  /** The sample ids in the batch, in order. */
  readonly ids: ArrayLike<number>;
}

/**
 * Sliding windows of `window` rows over one row-major Float32Array. A sample is identified by the
 * global row index of its window's last row (the bar whose close the prediction is made at); its
 * window is the contiguous view values[(id - window + 1) * width, (id + 1) * width), never copied
 * until a batch is filled. Several series are stacked once into one array (3 assets x 70k bars x 51
 * features is about 43 MB); a single series is used in place.
 */
export class WindowedDataset {
  readonly values: Float32Array;
  /** rows x targets, row-major. */
  readonly targets: Float32Array;
  readonly columns: readonly string[];
  readonly width: number;
  readonly rows: number;
  readonly targetCount: number;
  readonly segments: readonly Segment[];
  /** nanRowsBefore[i] = rows before global row i with a NaN feature: a window is clean in O(1). */
  private readonly nanRowsBefore: Int32Array;

  constructor(
    series: readonly DatasetSeries[],
    readonly window = 64,
  ) {
    const first = series[0];
    if (!first) throw new RangeError('a dataset needs at least one series');
    if (!(Number.isInteger(window) && window >= 1)) throw new RangeError(`window must be a whole number >= 1, got ${window}`);
    this.columns = first.features.columns;
    this.width = first.features.width;
    this.targetCount = first.targets.length;
    const segments: Segment[] = [];
    let rows = 0;
    for (const s of series) {
      if (s.features.width !== this.width || s.features.columns.some((c, i) => c !== this.columns[i])) {
        throw new RangeError(`series ${s.name} has other feature columns than ${first.name}`);
      }
      if (s.targets.length !== this.targetCount || s.targets.some((t) => t.length !== s.features.rows)) {
        throw new RangeError(`series ${s.name} needs ${this.targetCount} targets of ${s.features.rows} rows each`);
      }
      segments.push({ name: s.name, start: rows, rows: s.features.rows });
      rows += s.features.rows;
    }
    this.segments = segments;
    this.rows = rows;
    if (series.length === 1) {
      this.values = first.features.values.subarray(0, rows * this.width);
    } else {
      this.values = new Float32Array(rows * this.width);
      series.forEach((s, i) => this.values.set(s.features.values.subarray(0, s.features.rows * this.width), (segments[i] as Segment).start * this.width));
    }
    const T = this.targetCount;
    this.targets = new Float32Array(rows * T);
    series.forEach((s, i) => {
      const start = (segments[i] as Segment).start;
      s.targets.forEach((t, k) => {
        for (let r = 0; r < t.length; r++) this.targets[(start + r) * T + k] = t[r] as number;
      });
    });
    this.nanRowsBefore = new Int32Array(rows + 1);
    const w = this.width;
    for (let r = 0; r < rows; r++) {
      let bad = 0;
      for (let c = r * w, e = c + w; c < e; c++) {
        const x = this.values[c] as number;
        if (Number.isNaN(x)) {
          bad = 1;
          break;
        }
      }
      this.nanRowsBefore[r + 1] = (this.nanRowsBefore[r] as number) + bad;
    }
  }

  /** Global row of `local` row of segment `segment`. */
  globalRow(segment: number, local: number): number {
    const s = this.segments[segment];
    if (!s) throw new RangeError(`no segment ${segment}`);
    return s.start + local;
  }

  /** Whether sample `id` has a full window inside its segment, without NaN, and every target defined. */
  isSample(id: number): boolean {
    if (!(id >= 0 && id < this.rows)) return false;
    const seg = this.segmentOf(id);
    const from = id - this.window + 1;
    if (from < seg.start) return false;
    if ((this.nanRowsBefore[id + 1] as number) !== (this.nanRowsBefore[from] as number)) return false;
    const T = this.targetCount;
    for (let k = 0; k < T; k++) {
      const y = this.targets[id * T + k] as number;
      if (Number.isNaN(y)) return false;
    }
    return true;
  }

  /**
   * Every usable sample id whose last row lies in local rows [start, end) of `segment` (a fold block),
   * in time order. Without arguments: every usable sample of every segment.
   */
  samples(segment?: number, start = 0, end?: number): Int32Array {
    const segs = segment === undefined ? this.segments.map((_, i) => i) : [segment];
    const out: number[] = [];
    for (const si of segs) {
      const s = this.segments[si];
      if (!s) throw new RangeError(`no segment ${si}`);
      const to = Math.min(end ?? s.rows, s.rows);
      for (let r = Math.max(0, start); r < to; r++) if (this.isSample(s.start + r)) out.push(s.start + r);
    }
    return Int32Array.from(out);
  }

  /** The window of sample `id` as a [window x width] view: no copy. */
  windowOf(id: number): Float32Array {
    return this.values.subarray((id - this.window + 1) * this.width, (id + 1) * this.width);
  }

  /** Buffers for batches of up to `batchSize` samples. */
  allocate(batchSize: number): { x: Float32Array; y: Float32Array } {
    return { x: new Float32Array(batchSize * this.window * this.width), y: new Float32Array(batchSize * this.targetCount) };
  }

  /** Copy the windows and targets of `ids` into x [ids.length x window x width] and y [ids.length x targets]. */
  fillBatch(ids: ArrayLike<number>, x: Float32Array, y: Float32Array): void {
    const span = this.window * this.width;
    const T = this.targetCount;
    if (x.length < ids.length * span || y.length < ids.length * T) throw new RangeError(`batch buffers too small for ${ids.length} samples`);
    for (let b = 0; b < ids.length; b++) {
      const id = ids[b] as number;
      if (!this.isSample(id)) throw new RangeError(`${id} is not a usable sample (window out of its series, NaN features or no label)`);
      x.set(this.windowOf(id), b * span);
      for (let k = 0; k < T; k++) y[b * T + k] = this.targets[id * T + k] as number;
    }
  }

  /**
   * Batches over `ids` in the given order (shuffle them first for training). The two buffers are
   * reused from batch to batch: turn each into tensors before asking for the next.
   */
  *batches(ids: ArrayLike<number>, batchSize: number): Generator<Batch> {
    const { x, y } = this.allocate(batchSize);
    const span = this.window * this.width;
    const T = this.targetCount;
    const all = Int32Array.from(ids as ArrayLike<number>);
    for (let from = 0; from < all.length; from += batchSize) {
      const chunk = all.subarray(from, Math.min(from + batchSize, all.length));
      const size = chunk.length;
      this.fillBatch(chunk, x, y);
      yield {
        x: size === batchSize ? x : x.subarray(0, size * span),
        y: size === batchSize ? y : y.subarray(0, size * T),
        size,
        xShape: [size, this.window, this.width],
        yShape: [size, T],
        ids: chunk,
      };
    }
  }

  private segmentOf(id: number): Segment {
    const segs = this.segments;
    let lo = 0;
    let hi = segs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((segs[mid] as Segment).start <= id) lo = mid;
      else hi = mid - 1;
    }
    return segs[lo] as Segment;
  }
}
