import { createHash } from 'node:crypto';
import type { FeatureSet } from './featureSet.js';
import type { NormalizationSpec } from './normalize/normalizationSpec.js';

/** JSON with object keys sorted, so that equal values give equal text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * sha256 (hex) over the column names, every feature's kind, parameters and source, the tier map, the
 * lead and the normalisation method. Fitted statistics are not part of it: they belong to a model,
 * while the hash says which inputs that model was built for.
 */
export function schemaHash(set: FeatureSet, normalization: NormalizationSpec): string {
  const body = {
    version: set.version,
    columns: set.columns,
    specs: set.specs.map((s) => ({ kind: s.kind, params: s.params, source: s.source })),
    options: set.options,
    normalization,
  };
  return createHash('sha256').update(canonical(body)).digest('hex');
}
