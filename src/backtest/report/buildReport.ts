import type { Symbol } from '../../domain/bar.js';
import { timeframeMs } from '../../domain/timeframe.js';
import { BUY_AND_HOLD_METHOD, buyAndHold, type BuyAndHoldRun } from './buyAndHold.js';
import { buyAndHoldFigures } from './buyAndHoldFigures.js';
import { fillFingerprint } from './fingerprint.js';
import { foldReports } from './folds.js';
import { fundingTotals } from '../../domain/financing.js';
import { assumedFundingNote } from './assumedFundingNote.js';
import { marksAt } from './marks.js';
import { regimeLookup, regimeReports } from './regimes.js';
import { runBooks, runFigures, type RunBooks, type RunFigures } from './runFigures.js';
import type { AssetReport, BacktestInput, BacktestReport, BuildReportOptions, RuleBasedInput, RuleBasedSummary } from './types.js';
import { validateInput } from './validateInput.js';

/** Everything the report is computed from, derived once; writeReport draws its files from it too. */
export interface ReportSeries extends RunBooks {
  readonly times: number[];
  readonly marks: Map<Symbol, Float64Array>;
  readonly buyAndHold: BuyAndHoldRun;
}

export function reportSeries(input: BacktestInput): ReportSeries {
  validateInput(input);
  const times = input.equity.map((p) => p.time);
  const marks = new Map(input.assets.map((a) => [a, marksAt(input.closes.get(a)!, times, `closes of ${a}`)] as const));
  return {
    times,
    marks,
    ...runBooks(input, input.assets, times, marks, timeframeMs(input.timeframe)),
    buyAndHold: buyAndHold(input.assets, input.capital, input.takerFee, times, marks),
  };
}

export const SAME_RULE_BASED_NOTE = 'same as the strategy: the strategy under test is the rule-based one, so it was not run twice';

/** The whole report of a run; pure: the same input and generatedAt give the same report. */
export function buildReport(input: BacktestInput, options: BuildReportOptions): BacktestReport {
  const s = reportSeries(input);
  const barMs = timeframeMs(input.timeframe);
  const strategy = runFigures(input, s, input.capital, barMs);
  const portfolio = strategy.performance;
  const bh = buyAndHoldFigures(s.buyAndHold, input.assets, input.capital, input.takerFee, s.marks, barMs);

  const rule = input.ruleBased;
  const ruleFigures = rule?.kind === 'run' ? runFigures(rule, runBooks(rule, input.assets, s.times, s.marks, barMs), input.capital, barMs) : undefined;

  const perAsset: AssetReport[] = input.assets.map((symbol) => ({
    symbol,
    fills: s.ledgers.get(symbol)!.fills,
    ...strategy.perAsset.get(symbol)!,
    buyAndHoldReturn: s.buyAndHold.legs.find((l) => l.symbol === symbol)?.totalReturn ?? 0,
    ruleBased: ruleFigures?.perAsset.get(symbol) ?? null,
    buyAndHold: bh.perAsset.get(symbol)!,
  }));

  const perRegime =
    input.regimes && input.regimes.length > 0
      ? regimeReports({
          assets: input.assets,
          times: s.times,
          equity: input.equity.map((p) => p.equity),
          ledgers: s.ledgers,
          marks: s.marks,
          rows: s.rows,
          regimeOf: regimeLookup(input.regimes),
          barsPerYear: portfolio.barsPerYear,
        })
      : [];

  const folds = foldReports(input.walkForward ?? [], {
    assets: input.assets,
    takerFee: input.takerFee,
    equity: input.equity,
    exposure: s.exposure,
    marks: s.marks,
    rows: s.rows,
    barMs,
  });

  const funding = fundingTotals(input.charges);
  const fundingNote = assumedFundingNote(funding);

  return {
    schemaVersion: 1,
    generatedAt: isoTime(options.generatedAt, 'generatedAt'),
    summary: {
      runId: input.runId,
      fingerprint: fillFingerprint(input.fills),
      assets: [...input.assets],
      timeframe: input.timeframe,
      from: isoTime(input.from, 'from'),
      to: isoTime(input.to, 'to'),
      capital: input.capital,
      fills: input.fills.length,
      fees: input.fills.reduce((sum, f) => sum + f.fee, 0),
      openPositions: strategy.openPositions,
      ...portfolio,
      costs: strategy.costs,
      venue: input.venue ?? 'kraken-spot',
      fundingPaid: funding.paid,
      fundingReceived: funding.received,
      candles: Object.fromEntries((input.series ?? []).map((c) => [c.symbol, { series: c.series, source: c.source ?? null, standIn: c.standIn }])),
      warnings: [...(input.warnings ?? []), ...(fundingNote ? [fundingNote] : [])],
      ruleBased: ruleBasedSummary(rule, ruleFigures),
      buyAndHold: { ...bh.performance, costs: bh.costs },
    },
    perAsset,
    perRegime,
    buyAndHold: { method: BUY_AND_HOLD_METHOD, takerFee: input.takerFee, legs: s.buyAndHold.legs, performance: bh.performance },
    folds,
    ...(input.walkForwardComparison && { walkForwardComparison: input.walkForwardComparison }),
    modelVersions: { ...input.modelVersions },
    config: jsonSnapshot(input.config),
  };
}

function ruleBasedSummary(rule: RuleBasedInput | undefined, figures: RunFigures | undefined): RuleBasedSummary | null {
  if (rule?.kind === 'same') return { status: 'same', note: SAME_RULE_BASED_NOTE };
  if (rule?.kind !== 'run' || !figures) return null;
  return {
    status: 'run',
    label: rule.label,
    fingerprint: fillFingerprint(rule.fills),
    fills: rule.fills.length,
    fees: figures.costs.fees,
    openPositions: figures.openPositions,
    ...figures.performance,
    costs: figures.costs,
  };
}

function isoTime(ms: number, what: string): string {
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) throw new RangeError(`report: ${what} is not a time in epoch ms: ${ms}`);
  return new Date(ms).toISOString();
}

/** A copy that survives JSON as it is: undefined fields dropped, no shared references to the caller's objects. */
function jsonSnapshot(value: unknown): unknown {
  if (value === undefined) return null;
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new RangeError(`report: the config holds ${v}, which JSON cannot carry`);
    if (typeof v === 'bigint') throw new RangeError('report: the config holds a bigint, which JSON cannot carry');
    return v;
  });
  return JSON.parse(text) as unknown;
}
