import { assertBinaryLabels, assertProbabilities } from '../../models/evaluation/numbers.js';
import { ENSEMBLE_MEMBERS, isEnsembleMember, parseRegime, type EnsembleMember, type MemberValues, type Regime } from './members.js';

/** Member predictions with their outcomes, in time order: the validation block the ensemble is fitted on. */
export interface EnsembleValidation {
  /** Open time of each row's bar (ms), non-decreasing (rows of several assets may share a time). */
  readonly time: Float64Array;
  /** 1 when the row's trade beat its costs over the horizon. */
  readonly y: Uint8Array;
  readonly regime: readonly string[];
  /** Each member's out-of-sample probability for every row (the models never trained on these rows). */
  readonly p: Readonly<Partial<Record<EnsembleMember, Float64Array>>>;
  /** The trade's return over the horizon, for the expected-return mapping. */
  readonly forwardReturn?: Float64Array;
}

/** Validation rows checked and with regimes parsed; what the combiners and the selection read. */
export interface EnsembleRows {
  readonly members: readonly EnsembleMember[];
  readonly n: number;
  readonly time: Float64Array;
  readonly y: Uint8Array;
  readonly regime: readonly Regime[];
  readonly p: ReadonlyMap<EnsembleMember, Float64Array>;
  readonly forwardReturn: Float64Array | undefined;
}

/** Inputs come from the training pipeline, not a user: a mismatch is a programming error and throws at once. */
export function checkedRows(members: readonly string[], v: EnsembleValidation): EnsembleRows {
  if (members.length === 0) throw new RangeError('fitEnsemble: no members');
  const seen = new Set<string>();
  for (const m of members) {
    if (!isEnsembleMember(m)) throw new RangeError(`fitEnsemble: unknown member "${m}", expected one of ${ENSEMBLE_MEMBERS.join(', ')}`);
    if (seen.has(m)) throw new RangeError(`fitEnsemble: member "${m}" listed twice`);
    seen.add(m);
  }
  const ordered = ENSEMBLE_MEMBERS.filter((m) => seen.has(m));
  const n = v.time.length;
  const same = (what: string, length: number) => {
    if (length !== n) throw new RangeError(`fitEnsemble: ${what} has ${length} rows, time has ${n}`);
  };
  same('y', v.y.length);
  same('regime', v.regime.length);
  assertBinaryLabels(v.y, 'fitEnsemble y');
  for (let i = 1; i < n; i++) {
    if (!(v.time[i]! >= v.time[i - 1]!)) throw new RangeError(`fitEnsemble: time must not decrease (row ${i})`);
  }
  const p = new Map<EnsembleMember, Float64Array>();
  for (const m of ordered) {
    const column = v.p[m];
    if (column === undefined) throw new RangeError(`fitEnsemble: no predictions for member ${m}`);
    same(`p.${m}`, column.length);
    assertProbabilities(column, `fitEnsemble p.${m}`);
    p.set(m, column);
  }
  if (v.forwardReturn !== undefined) {
    same('forwardReturn', v.forwardReturn.length);
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(v.forwardReturn[i]!)) throw new RangeError(`fitEnsemble: forwardReturn[${i}] is ${v.forwardReturn[i]}`);
    }
  }
  const regime = v.regime.map((r, i) => parseRegime(r, `fitEnsemble regime[${i}]`));
  return { members: ordered, n, time: v.time, y: v.y, regime, p, forwardReturn: v.forwardReturn };
}

/** The members' probabilities at one row. */
export function rowValues(rows: EnsembleRows, i: number): MemberValues {
  const out: Partial<Record<EnsembleMember, number>> = {};
  for (const [m, column] of rows.p) out[m] = column[i]!;
  return out;
}
