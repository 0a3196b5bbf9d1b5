import type { Bar } from '../../domain/bar.js';
import { StreamingFeatures } from '../compute/streamingFeatures.js';
import type { FeatureSet } from '../featureSet.js';
import { applyNormalizer, prepareNormalizer, type NormalizerParams, type PreparedNormalizer } from '../normalize/fittedNormalizer.js';

/**
 * The model input of one asset, kept up to date bar by bar: streaming features (the same kernels as the
 * batch that trained the model, so the values are the same bit for bit), normalised with the model's
 * training statistics, in a ring of the last `windowLength` rows.
 */
export class NormalizedWindow {
  private readonly features: StreamingFeatures;
  private readonly ring: Float32Array;
  private readonly width: number;
  /** Prepared once: scaling a row is every bar's work. */
  private readonly prepared: PreparedNormalizer;
  private filled = 0;
  private head = 0;

  constructor(
    set: FeatureSet,
    symbol: string,
    normalizer: NormalizerParams,
    readonly windowLength: number,
  ) {
    this.features = new StreamingFeatures(set, { symbol });
    this.width = set.columns.length;
    if (normalizer.columns.length !== this.width) {
      throw new Error(`normaliser has ${normalizer.columns.length} columns, the feature set ${this.width}`);
    }
    this.ring = new Float32Array(windowLength * this.width);
    this.prepared = prepareNormalizer(normalizer);
  }

  /** A closed bar of the lead asset, before the asset's own bar of the same time. */
  pushLead(bar: Bar): void {
    this.features.pushLead(bar);
  }

  push(bar: Bar): void {
    const row = this.features.update(bar);
    for (let c = 0; c < row.length; c++) {
      if (Number.isNaN(row[c])) {
        this.filled = 0;
        return;
      }
    }
    applyNormalizer(this.prepared, row, this.ring.subarray(this.head * this.width, (this.head + 1) * this.width));
    this.head = (this.head + 1) % this.windowLength;
    this.filled = Math.min(this.windowLength, this.filled + 1);
  }

  get ready(): boolean {
    return this.filled === this.windowLength;
  }

  /** The window, oldest row first, into `out` (n = windowLength x width); false until ready. */
  copyTo(out: Float32Array, offset = 0): boolean {
    if (!this.ready) return false;
    const w = this.width;
    for (let k = 0; k < this.windowLength; k++) {
      const slot = (this.head + k) % this.windowLength;
      out.set(this.ring.subarray(slot * w, (slot + 1) * w), offset + k * w);
    }
    return true;
  }
}
