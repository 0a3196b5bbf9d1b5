import type { ModelKind } from '../../models/kinds.js';

/**
 * The ensemble's members: the four sequence models and the rule-based strategy, whose probability that its
 * trade beats its costs is its training base rate (it claims no more than how often its trades did).
 */
export const ENSEMBLE_MEMBERS = ['transformer', 'tcn', 'lstm', 'cnn_lstm', 'rule'] as const;
export type EnsembleMember = (typeof ENSEMBLE_MEMBERS)[number];

/** Market regimes as the regime detector names them. */
export const REGIMES = ['trending', 'ranging', 'volatile'] as const;
export type Regime = (typeof REGIMES)[number];

/** One value per member, for the members that have one (a missing model is simply absent). */
export type MemberValues = Readonly<Partial<Record<EnsembleMember, number>>>;

export function isEnsembleMember(value: string): value is EnsembleMember {
  return (ENSEMBLE_MEMBERS as readonly string[]).includes(value);
}

export function isRegime(value: string): value is Regime {
  return (REGIMES as readonly string[]).includes(value);
}

/** The regime comes from another module as a string: an unknown name is a broken contract, so it throws. */
export function parseRegime(value: string, where: string): Regime {
  if (!isRegime(value)) throw new RangeError(`${where}: unknown regime "${value}", expected one of ${REGIMES.join(', ')}`);
  return value;
}

/** The models module names the CNN-LSTM `cnnLstm`; the ensemble spells members the way the issue does. */
export function memberOfModelKind(kind: ModelKind): EnsembleMember {
  return kind === 'cnnLstm' ? 'cnn_lstm' : kind;
}
