import { referenceBins, type FeatureReference } from '../drift/featureReference.js';
import type { PoolData } from './poolData.js';

/**
 * The training window's feature distribution, per asset of the pool: every feature's deciles over the
 * asset's rows from the first training sample to the last validation sample. Stored with the ensemble,
 * so drift is measured against what the models saw.
 */
export function featureReferenceOf(data: PoolData, from: string, to: string): FeatureReference {
  const { raw } = data.series;
  const lo = Date.parse(from);
  const hi = Date.parse(to);
  const assets: FeatureReference['assets'] = {};
  for (const a of data.series.assets) {
    const rows: number[] = [];
    for (let i = 0; i < a.rows; i++) {
      const t = a.times[i] as number;
      if (t >= lo && t <= hi) rows.push(a.offset + i);
    }
    const column = new Float64Array(rows.length);
    const features = raw.columns.map((_, c) => {
      rows.forEach((r, k) => (column[k] = raw.values[r * raw.width + c] as number));
      return referenceBins(column);
    });
    assets[a.symbol] = { rows: rows.length, features };
  }
  return { columns: [...raw.columns], from, to, assets };
}
