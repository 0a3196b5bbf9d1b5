import type { Kernel, KernelContext } from '../definitions/kind.js';
import { FEATURE_KINDS } from '../definitions/registry.js';
import { tierOf, type FeatureSet, type FeatureSpec } from '../featureSet.js';
import type { MutableBar } from './series.js';

/** The kernels of a list of features, each writing its columns at a fixed offset of a row. */
export class KernelBank {
  private readonly kernels: Kernel[] = [];
  private readonly offsets: number[] = [];
  readonly width: number;

  constructor(specs: readonly FeatureSpec[], ctx: KernelContext) {
    let offset = 0;
    for (const spec of specs) {
      const kind = FEATURE_KINDS.get(spec.kind);
      if (!kind) throw new Error(`unknown feature kind ${spec.kind}`);
      this.kernels.push(kind.create(spec.params, ctx));
      this.offsets.push(offset);
      offset += spec.columns.length;
    }
    this.width = offset;
  }

  step(bar: MutableBar, out: Float64Array): void {
    const k = this.kernels;
    const o = this.offsets;
    for (let i = 0; i < k.length; i++) (k[i] as Kernel).step(bar, out, o[i] as number);
  }
}

/**
 * How a set's row is assembled: own-series kernels write their columns in a compact row, lead kernels
 * in another; `selfColumns` / `leadColumns` give each compact column's place in the full row.
 */
export interface Engine {
  readonly self: KernelBank;
  readonly selfColumns: Int32Array;
  readonly lead: KernelBank | null;
  readonly leadColumns: Int32Array;
}

export function hasLeadFeatures(set: FeatureSet): boolean {
  return set.specs.some((s) => s.source === 'lead');
}

export function buildEngine(set: FeatureSet, symbol: string): Engine {
  const ctx: KernelContext = { tier: tierOf(set, symbol) };
  const selfSpecs: FeatureSpec[] = [];
  const leadSpecs: FeatureSpec[] = [];
  const selfColumns: number[] = [];
  const leadColumns: number[] = [];
  let col = 0;
  for (const spec of set.specs) {
    const target = spec.source === 'lead' ? leadColumns : selfColumns;
    (spec.source === 'lead' ? leadSpecs : selfSpecs).push(spec);
    for (let c = 0; c < spec.columns.length; c++) target.push(col++);
  }
  return {
    self: new KernelBank(selfSpecs, ctx),
    selfColumns: Int32Array.from(selfColumns),
    lead: leadSpecs.length ? new KernelBank(leadSpecs, ctx) : null,
    leadColumns: Int32Array.from(leadColumns),
  };
}
