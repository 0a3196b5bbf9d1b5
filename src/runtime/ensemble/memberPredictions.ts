import type { Bar } from '../../domain/bar.js';
import type { EnsembleMember } from '../../ensemble/combine/members.js';
import { normalizedRows } from '../../models/dataset/pooledSeries.js';
import type { Predictions } from '../../models/predictor.js';
import { windowedSource } from '../../models/training/samples.js';
import type { LoadedEnsemble } from './loadEnsemble.js';

/**
 * Every model member's predictions at the bars `ends` (indices into `bars`): features over the whole
 * series, the ensemble's normaliser, one window per end. Streaming in the daemon computes the same
 * features bit for bit. In large batches, yet each window's outputs bit for bit those of the daemon's one
 * window per decision (predictSourceAsLive), which a borderline decision would show.
 */
export async function memberPredictions(
  e: Pick<LoadedEnsemble, 'predictors' | 'featureSet' | 'normalizer' | 'windowLength'>,
  symbol: string,
  bars: readonly Bar[],
  lead: readonly Bar[] | undefined,
  ends: Int32Array,
): Promise<Map<EnsembleMember, Predictions>> {
  const { rows } = normalizedRows(e.featureSet, e.normalizer, symbol, bars, lead);
  const source = windowedSource({
    rows,
    featureCount: e.featureSet.columns.length,
    windowLength: e.windowLength,
    ends,
    labels: new Float32Array(ends.length),
  });
  const out = new Map<EnsembleMember, Predictions>();
  for (const [member, predictor] of e.predictors) out.set(member, await predictor.predictSourceAsLive(source));
  return out;
}
