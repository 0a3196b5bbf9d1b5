import type { SharpeDifference } from '../backtest/metrics/index.js';

/** What the candidate is held against, from the walk-forward traded through the engine. */
export interface PromotionInput {
  /** Candidate vs the rule-based strategy over every fold, with the interval of the Sharpe difference. */
  readonly rule: SharpeDifference;
  /** Positions the candidate opened in the walk-forward. */
  readonly trades: number;
  readonly minTrades: number;
  /**
   * The production ensemble, when there is one: judged (candidate vs production, on the folds after
   * production's training data ended), or why it could not be judged fairly.
   */
  readonly production?:
    | { readonly version: string; readonly judged: SharpeDifference; readonly folds: number }
    | { readonly version: string; readonly notJudged: string };
}

export interface PromotionDecision {
  readonly promote: boolean;
  /** One line: what stays or what replaces it, and the figures that decided. */
  readonly reason: string;
}

const f2 = (x: number) => x.toFixed(2);
const interval = (d: SharpeDifference) => `${Math.round(d.level * 100)}% interval [${f2(d.low)}, ${f2(d.high)}]`;

/**
 * Promote only what the walk-forward supports: the candidate must beat the rule-based strategy on
 * out-of-fold trading net of costs, with the whole bootstrap interval of the Sharpe difference above 0,
 * over at least `minTrades` trades; and where production can be judged fairly (on folds after its own
 * training data ended), beat production the same way. Otherwise what trades now stays, and the reason
 * says why in one line. A production ensemble that cannot be judged fairly is named as such.
 */
export function promotionDecision(p: PromotionInput): PromotionDecision {
  const stays = p.production ? `kept production ${p.production.version}` : 'not promoted, stays on the rule-based strategy';
  const vsRule = `walk-forward Sharpe ${f2(p.rule.a)} vs ${f2(p.rule.b)} for the rule-based strategy, difference ${f2(p.rule.difference)}, ${interval(p.rule)}, ${p.trades} trades`;
  const short = [
    ...(p.rule.low > 0 ? [] : ['the interval does not lie above 0']),
    ...(p.trades >= p.minTrades ? [] : [`${p.trades} trades are fewer than the ${p.minTrades} needed to judge`]),
  ];
  if (short.length > 0) return { promote: false, reason: `${stays}: ${vsRule}; ${short.join(', and ')}` };
  const prod = p.production;
  if (prod && 'judged' in prod) {
    const d = prod.judged;
    const vsProd = `on the ${prod.folds} fold${prod.folds === 1 ? '' : 's'} after its training, Sharpe ${f2(d.a)} vs production ${prod.version}'s ${f2(d.b)}, difference ${f2(d.difference)}, ${interval(d)}`;
    if (!(d.low > 0)) return { promote: false, reason: `${stays}: the candidate beats the rule-based strategy (${vsRule}) but not production: ${vsProd}` };
    return { promote: true, reason: `promoted: ${vsRule}; ${vsProd}` };
  }
  const unjudged = prod && 'notJudged' in prod ? `; production ${prod.version} not judged: ${prod.notJudged}` : '';
  return { promote: true, reason: `promoted: ${vsRule}${unjudged}` };
}
