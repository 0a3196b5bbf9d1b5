export interface PromotionInput {
  /** Log loss of the candidate ensemble's calibrated P(up) on its test block. */
  readonly candidateLogLoss: number;
  /** Log loss of the majority-class baseline (the training base rate) on the same block. */
  readonly baselineLogLoss: number;
  /** The production ensemble on the same block, if there is one. */
  readonly production?: {
    readonly version: string;
    readonly logLoss: number;
    /** True when its own training or validation data reached into this test block. */
    readonly sawTestBlock: boolean;
  };
}

export interface PromotionDecision {
  readonly promote: boolean;
  readonly reason: string;
}

const f = (x: number) => x.toFixed(6);

/**
 * Train -> compare -> promote: a new ensemble replaces production only when it beats it on the same
 * test block, and never when it does not beat a constant guess there. A production ensemble that was
 * fitted on part of that block would be judged on its own training data, so it cannot be compared
 * fairly; the candidate then only has to beat the baseline.
 */
export function promotionDecision(p: PromotionInput): PromotionDecision {
  if (!Number.isFinite(p.candidateLogLoss)) return { promote: false, reason: 'the candidate has no test score' };
  if (!(p.candidateLogLoss < p.baselineLogLoss)) {
    return {
      promote: false,
      reason: `the candidate's test log loss ${f(p.candidateLogLoss)} does not beat the majority-class baseline ${f(p.baselineLogLoss)}`,
    };
  }
  const prod = p.production;
  if (!prod) return { promote: true, reason: `no production ensemble; test log loss ${f(p.candidateLogLoss)} beats the baseline ${f(p.baselineLogLoss)}` };
  if (prod.sawTestBlock) {
    return {
      promote: true,
      reason: `production ${prod.version} was fitted on part of this test block, so it cannot be judged on it; the candidate beats the baseline (${f(p.candidateLogLoss)} < ${f(p.baselineLogLoss)})`,
    };
  }
  if (p.candidateLogLoss < prod.logLoss) {
    return { promote: true, reason: `test log loss ${f(p.candidateLogLoss)} beats production ${prod.version} (${f(prod.logLoss)}) on the same block` };
  }
  return { promote: false, reason: `production ${prod.version} stays: its test log loss ${f(prod.logLoss)} is not worse than the candidate's ${f(p.candidateLogLoss)} on the same block` };
}
