import type { Signal } from '../../domain/signal.js';
import type { EnsembleCombiner } from '../../ensemble/combine/ensembleCombiner.js';
import type { MemberValues } from '../../ensemble/combine/members.js';

/** Whether the strategy proposes a trade at this bar (a decision bar with a side): only those are judged. */
export function isProposal(signal: Signal): boolean {
  return signal.rebalance && signal.direction !== 'flat';
}

/** What ensembleSignal needs of an ensemble besides its combiner. */
export interface EnsembleJudge {
  /** The entry threshold fitted on validation. */
  readonly minConfidence: number;
  /** The ensemble's id (ensembleId): what decisions record. */
  readonly model: string;
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
  judge: EnsembleJudge,
  proposal: Signal,
  probabilities: MemberValues,
  regime: string,
  multipliers?: MemberValues,
): Signal {
  // Every decision names the version in charge, holds too: across a hot reload the record stays true.
  const model = judge.model;
  if (!isProposal(proposal)) return { ...proposal, source: 'ensemble', model };
  const j = combiner.combine({ regime, probabilities, ...(multipliers && { multipliers }) });
  const take = j.probability >= judge.minConfidence;
  // Copied key by key: spreading two records into a third is the slow path of object spread.
  const inputs: Record<string, number> = {};
  for (const k in proposal.inputs) inputs[k] = proposal.inputs[k] as number;
  for (const k in j.inputs) inputs[k] = j.inputs[k] as number;
  inputs['expectedTradeReturn'] = j.expectedReturn;
  inputs['minConfidence'] = judge.minConfidence;
  // The proposed side stays on record when the trade is not taken: drift monitoring judges every proposal.
  inputs['proposedSide'] = proposal.direction === 'long' ? 1 : -1;
  return {
    ...proposal,
    source: 'ensemble',
    model,
    direction: take ? proposal.direction : 'flat',
    exposure: take ? proposal.exposure : 0,
    confidence: j.probability,
    class: take ? proposal.class : 'HOLD',
    members: j.members,
    inputs,
  };
}
