import type { Signal } from '../../domain/signal.js';
import type { EnsembleCombiner } from '../../ensemble/combine/ensembleCombiner.js';
import type { MemberValues } from '../../ensemble/combine/members.js';
import { ensembleId, type EnsembleArtifact } from '../../ensemble/ensembleArtifact.js';

/** Whether the strategy proposes a trade at this bar (a decision bar with a side): only those are judged. */
export function isProposal(signal: Signal): boolean {
  return signal.rebalance && signal.direction !== 'flat';
}

/**
 * The ensemble's Signal for the strategy's proposal at one bar: the one place both the live scorer and the
 * backtest's cached scorer build it, so the two cannot drift apart. The strategy gives the side, exposure,
 * cadence, horizon and ATR; the ensemble only says how likely the trade is to beat its costs
 * (`confidence`, which picks the risk tier). Below the entry threshold fitted on validation the trade is
 * not taken: the signal is flat, and a held position is closed at this decision.
 */
export function ensembleSignal(
  combiner: EnsembleCombiner,
  artifact: Pick<EnsembleArtifact, 'minConfidence' | 'pool' | 'version'>,
  proposal: Signal,
  probabilities: MemberValues,
  regime: string,
  multipliers?: MemberValues,
): Signal {
  // Every decision names the version in charge, holds too: across a hot reload the record stays true.
  const model = ensembleId(artifact);
  if (!isProposal(proposal)) return { ...proposal, source: 'ensemble', model };
  const j = combiner.combine({ regime, probabilities, ...(multipliers && { multipliers }) });
  const take = j.probability >= artifact.minConfidence;
  return {
    ...proposal,
    source: 'ensemble',
    model,
    direction: take ? proposal.direction : 'flat',
    exposure: take ? proposal.exposure : 0,
    confidence: j.probability,
    class: take ? proposal.class : 'HOLD',
    members: j.members,
    // The proposed side stays on record when the trade is not taken: drift monitoring judges every proposal.
    inputs: {
      ...proposal.inputs,
      ...j.inputs,
      expectedTradeReturn: j.expectedReturn,
      minConfidence: artifact.minConfidence,
      proposedSide: proposal.direction === 'long' ? 1 : -1,
    },
  };
}
