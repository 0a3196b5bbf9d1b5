import type { Bar } from '../../domain/bar.js';
import type { EnsembleMember } from '../../ensemble/combine/members.js';
import { normalizedRows } from '../../models/dataset/pooledSeries.js';
import type { Predictions, Predictor } from '../../models/predictor.js';
import { windowedSource, type SampleSource } from '../../models/training/samples.js';
import type { LoadedEnsemble } from './loadEnsemble.js';

/**
 * Every model member's predictions at the bars `ends` (indices into `bars`): features over the whole
 * series, the ensemble's normaliser, one window per end. Streaming in the daemon computes the same
 * features bit for bit. `asLive` scores one window per call, exactly as the daemon does: batched
 * inference runs other kernels and can differ in the last bits, which a borderline decision would show.
 */
export function memberPredictions(
  e: Pick<LoadedEnsemble, 'predictors' | 'featureSet' | 'normalizer' | 'windowLength'>,
  symbol: string,
  bars: readonly Bar[],
  lead: readonly Bar[] | undefined,
  ends: Int32Array,
  options: { asLive?: boolean } = {},
): Map<EnsembleMember, Predictions> {
  const { rows } = normalizedRows(e.featureSet, e.normalizer, symbol, bars, lead);
  const source = windowedSource({
    rows,
    featureCount: e.featureSet.columns.length,
    windowLength: e.windowLength,
    ends,
    labels: new Float32Array(ends.length),
  });
  const out = new Map<EnsembleMember, Predictions>();
  for (const [member, predictor] of e.predictors) out.set(member, options.asLive ? predictOneByOne(predictor, source) : predictor.predictSource(source));
  return out;
}

/** Every window of `source` scored on its own, as the daemon scores its one window per decision. */
export function predictOneByOne(predictor: Predictor, source: SampleSource): Predictions {
  const window = new Float32Array(source.windowLength * source.featureCount);
  const pUp = new Float32Array(source.size);
  const expectedReturn = predictor.hasReturnHead ? new Float32Array(source.size) : null;
  for (let i = 0; i < source.size; i++) {
    source.copyWindow(i, window, 0);
    const p = predictor.predictOne(window);
    pUp[i] = p.pUp;
    if (expectedReturn) expectedReturn[i] = p.expectedReturn ?? Number.NaN;
  }
  return { pUp, expectedReturn };
}
