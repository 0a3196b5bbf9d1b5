import { seededRng } from '../domain/random.js';
import { timeframeMs } from '../domain/timeframe.js';
import { barReturns, drawdown, sharpeDifference, sharpeRatio, YEAR_MS, type EquityPoint, type SharpeDifference } from './metrics/index.js';
import type { Fill } from '../domain/fill.js';
import type { Timeframe } from '../domain/timeframe.js';

/** What a comparison reads of a run (a backtest's input to its report). */
export interface ComparedRun {
  readonly timeframe: Timeframe;
  readonly equity: readonly EquityPoint[];
  readonly fills: readonly Fill[];
}

/** A run's figures over a period: the portfolio's, net of every cost. */
export interface PeriodFigures {
  /** Annualised Sharpe of per-bar returns, as the report computes it. */
  readonly sharpe: number;
  readonly totalReturn: number;
  readonly maxDrawdown: number;
  /** Positions opened in the period. */
  readonly trades: number;
  /** Fees of every fill in the period. */
  readonly fees: number;
}

export interface TierReach {
  /** The tier's lower bound; 0 for "below the lowest tier" (no trade). */
  readonly minConfidence: number;
  readonly count: number;
  /** Share of the judged trades whose confidence fell in this tier. */
  readonly share: number;
  /** How often those trades beat their costs; null when there were none. */
  readonly hitRate: number | null;
}

/**
 * How the walk-forward ensembles' confidences held up out of sample: every trade the strategy proposed in
 * a fold's window, the confidence the fold's ensemble gave it, and whether it then beat its costs.
 */
export interface OutOfSampleCalibration {
  /** Proposals judged whose outcome is known by the end of the data. */
  readonly judged: number;
  readonly baseRate: number | null;
  readonly meanConfidence: number | null;
  /** Expected calibration error over 10 bins. */
  readonly ece: number | null;
  readonly logLoss: number | null;
  /** Log loss of the strategy's own training base rate (the rule member) on the same trades: the skill bar. */
  readonly baseRateLogLoss: number | null;
  readonly brier: number | null;
  readonly auc: number | null;
  /** Share of judged proposals at or above their fold's entry threshold (the ones traded). */
  readonly taken: number | null;
  readonly tiers: readonly TierReach[];
}

/**
 * The walk-forward's verdict: the candidate (the models retrained per fold) beside the rule-based strategy
 * on the same bars, per fold and pooled, with the bootstrap interval of the Sharpe difference.
 */
export interface WalkForwardComparison {
  readonly from: number;
  readonly to: number;
  readonly candidate: PeriodFigures;
  readonly rule: PeriodFigures;
  readonly difference: SharpeDifference;
  readonly folds: readonly { readonly from: number; readonly to: number; readonly candidate: PeriodFigures; readonly rule: PeriodFigures }[];
  readonly calibration?: OutOfSampleCalibration;
}

function slice(curve: readonly EquityPoint[], from: number, to: number): EquityPoint[] {
  return curve.filter((p) => p.time >= from && p.time < to);
}

/** The figures of `run` over [from, to). */
export function periodFigures(run: ComparedRun, from: number, to: number): PeriodFigures {
  const curve = slice(run.equity, from, to);
  const barsPerYear = YEAR_MS / timeframeMs(run.timeframe);
  const inPeriod = (t: number) => t >= from && t < to;
  return {
    sharpe: curve.length > 1 ? (sharpeRatio(barReturns(curve), barsPerYear) ?? 0) : 0,
    totalReturn: curve.length > 1 ? curve[curve.length - 1]!.equity / curve[0]!.equity - 1 : 0,
    maxDrawdown: curve.length > 0 ? drawdown(curve).maxDrawdown : 0,
    trades: run.fills.filter((f) => f.effect === 'open' && inPeriod(f.time)).length,
    fees: run.fills.filter((f) => inPeriod(f.time)).reduce((s, f) => s + f.fee, 0),
  };
}

export interface IntervalSettings {
  readonly level: number;
  readonly samples: number;
  readonly blockDays: number;
  readonly seed: number;
}

/** Paired per-bar returns of two runs over [from, to), on the bar times both have. */
function pairedReturns(a: ComparedRun, b: ComparedRun, from: number, to: number): { a: Float64Array; b: Float64Array } {
  const ca = slice(a.equity, from, to);
  const byTime = new Map(slice(b.equity, from, to).map((p) => [p.time, p.equity]));
  const ra: number[] = [];
  const rb: number[] = [];
  for (let i = 1; i < ca.length; i++) {
    const b0 = byTime.get(ca[i - 1]!.time);
    const b1 = byTime.get(ca[i]!.time);
    if (b0 === undefined || b1 === undefined || !(b0 > 0) || !(ca[i - 1]!.equity > 0)) continue;
    ra.push(ca[i]!.equity / ca[i - 1]!.equity - 1);
    rb.push(b1 / b0 - 1);
  }
  return { a: Float64Array.from(ra), b: Float64Array.from(rb) };
}

/** `candidate` against `rule` over [from, to) and each window, with the interval of the Sharpe difference. */
export function compareRuns(
  candidate: ComparedRun,
  rule: ComparedRun,
  windows: readonly { from: number; to: number }[],
  from: number,
  to: number,
  s: IntervalSettings,
): WalkForwardComparison {
  const barMs = timeframeMs(candidate.timeframe);
  const r = pairedReturns(candidate, rule, from, to);
  return {
    from,
    to,
    candidate: periodFigures(candidate, from, to),
    rule: periodFigures(rule, from, to),
    difference: sharpeDifference(r.a, r.b, {
      barsPerYear: YEAR_MS / barMs,
      meanBlock: Math.max(1, Math.round((s.blockDays * 86_400_000) / barMs)),
      samples: s.samples,
      level: s.level,
      rng: seededRng(s.seed),
    }),
    folds: windows.map((w) => ({ from: w.from, to: w.to, candidate: periodFigures(candidate, w.from, w.to), rule: periodFigures(rule, w.from, w.to) })),
  };
}
