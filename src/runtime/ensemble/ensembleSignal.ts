import type { Signal } from '../../domain/signal.js';
import type { EnsembleCombiner } from '../../ensemble/combine/ensembleCombiner.js';
import type { MemberValues } from '../../ensemble/combine/members.js';
import type { EnsembleArtifact } from '../../ensemble/ensembleArtifact.js';

/**
 * The ensemble's Signal from its members' probabilities at one bar: the one place both the live scorer
 * and the backtest's cached scorer build it, so the two cannot drift apart. Below the entry threshold
 * fitted on validation, the call is HOLD (direction flat) whatever the combined probability.
 */
export function ensembleSignal(
  combiner: EnsembleCombiner,
  artifact: EnsembleArtifact,
  base: { symbol: string; barTime: number; atr: number },
  probabilities: MemberValues,
  regime: string,
  multipliers?: MemberValues,
): Signal {
  const c = combiner.combine({ regime, probabilities, ...(multipliers && { multipliers }) });
  const below = (c.confidence ?? 0) < artifact.minConfidence;
  return {
    symbol: base.symbol,
    barTime: base.barTime,
    source: 'ensemble',
    direction: below ? 'flat' : c.direction,
    exposure: below || c.direction === 'flat' ? 0 : 1,
    rebalance: true,
    horizonBars: artifact.horizon,
    probability: c.probability,
    confidence: c.confidence,
    class: below ? 'HOLD' : c.class,
    expectedReturn: c.expectedReturn,
    atr: base.atr,
    members: c.members,
    inputs: { ...c.inputs, minConfidence: artifact.minConfidence },
  };
}
