import type { Bar } from '../../domain/bar.js';
import type { FeatureSet } from '../featureSet.js';
import { buildEngine, type Engine } from './engine.js';
import { checkBar, copyBar, emptyBar } from './series.js';

export interface StreamingOptions {
  readonly symbol: string;
}

/**
 * The features of one symbol, bar by bar, for the daemon: the same kernels as computeFeatures, so
 * the rows are bit-for-bit those of the batch. Feed the lead asset's bar for a time (pushLead) before
 * the symbol's bar for that time (a lead bar that arrives later only reaches the next row, where the
 * batch would have used it). For the lead symbol itself, push alone feeds both: do not also pushLead.
 */
export class StreamingFeatures {
  private readonly engine: Engine;
  private readonly selfRow: Float64Array;
  private readonly leadRow: Float64Array;
  private readonly leadQueue: { time: number; row: Float64Array }[] = [];
  private leadCurrent: Float64Array | null = null;
  private readonly selfIsLead: boolean;
  private readonly bar = emptyBar();
  private lastTime = Number.NEGATIVE_INFINITY;
  private lastLeadTime = Number.NEGATIVE_INFINITY;
  private n = 0;
  private last: Float32Array | null = null;

  constructor(
    readonly set: FeatureSet,
    private readonly options: StreamingOptions,
  ) {
    this.engine = buildEngine(set, options.symbol);
    this.selfRow = new Float64Array(this.engine.self.width);
    this.leadRow = new Float64Array(this.engine.lead?.width ?? 0);
    this.selfIsLead = this.engine.lead !== null && set.options.lead?.symbol === options.symbol;
  }

  /** Bars pushed so far. */
  get count(): number {
    return this.n;
  }

  /** The last row computed, NaN where a value is not defined yet; null before the first bar. */
  get latest(): Float32Array | null {
    return this.last;
  }

  /** A closed bar of the lead asset (BTC). Ignored when the set has no lead features. */
  pushLead(bar: Bar): void {
    const lead = this.engine.lead;
    if (!lead) return;
    copyBar(bar, this.bar);
    checkBar(this.bar, this.lastLeadTime, `lead ${this.set.options.lead?.symbol ?? ''}`.trim());
    this.lastLeadTime = this.bar.time;
    lead.step(this.bar, this.leadRow);
    this.leadQueue.push({ time: this.bar.time, row: this.leadRow.slice() });
  }

  /** Consume the symbol's next closed bar; the full row, NaN where not defined (yet). */
  update(bar: Bar): Float32Array {
    if (this.selfIsLead) this.pushLead(bar);
    const b = copyBar(bar, this.bar);
    checkBar(b, this.lastTime, this.options.symbol);
    this.lastTime = b.time;
    this.engine.self.step(b, this.selfRow);
    const out = new Float32Array(this.set.columns.length);
    const selfCols = this.engine.selfColumns;
    for (let k = 0; k < selfCols.length; k++) out[selfCols[k] as number] = this.selfRow[k] as number;
    if (this.engine.lead) {
      while (this.leadQueue.length > 0 && (this.leadQueue[0]?.time as number) <= b.time) this.leadCurrent = this.leadQueue.shift()?.row ?? null;
      const leadCols = this.engine.leadColumns;
      const cur = this.leadCurrent;
      for (let k = 0; k < leadCols.length; k++) out[leadCols[k] as number] = cur ? (cur[k] as number) : Number.NaN;
    }
    this.n++;
    this.last = out;
    return out;
  }

  /** Consume the next closed bar; its row once every column is defined, null during warm-up. */
  push(bar: Bar): Float32Array | null {
    const row = this.update(bar);
    if (this.n <= this.set.warmup) return null;
    for (let k = 0; k < row.length; k++) if (Number.isNaN(row[k] as number)) return null;
    return row;
  }
}
