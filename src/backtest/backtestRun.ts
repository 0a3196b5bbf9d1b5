import path from 'node:path';
import type { Config } from '../config/schema.js';
import type { Logger } from '../internal/logger.js';
import { productionScorers } from '../runtime/ensemble/productionScorers.js';
import type { Store } from '../store/store.js';
import { buildReport } from './report/buildReport.js';
import type { BacktestInput, BacktestReport, ReportSummary, RuleBasedInput, TradingRecord } from './report/types.js';
import { writeReport } from './report/writeReport.js';
import { RULE_BASED_LABEL, runBacktest, type BacktestOptions } from './runBacktest.js';
import type { InferenceRuntime } from '../models/inference/inferenceRuntime.js';

export interface BacktestRunOptions {
  readonly config: Config;
  readonly store: Store;
  readonly modelsDir: string;
  readonly resultsDir: string;
  /** Runs the member models (chosen once at start-up). */
  readonly runtime: InferenceRuntime;
  readonly from: number;
  readonly to: number;
  readonly logger: Logger;
  /** Wall clock: names the run and dates the report (never used by the simulation). */
  readonly now: () => number;
}

export interface ReportedRun {
  readonly dir: string;
  readonly summary: ReportSummary;
  /** The whole report (report.json), for the per-asset figures. */
  readonly report: BacktestReport;
}

export interface BacktestRunResult extends ReportedRun {
  readonly scoredBy: Record<string, string>;
}

export function runIdOf(now: number, assets: readonly string[], walkForward: boolean): string {
  const stamp = new Date(now)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${assets.map((a) => a.split('/')[0]).join('-')}${walkForward ? '-wf' : ''}`;
}

/** What trades each asset: its ensemble where it has one, else the rule-based strategy. */
export function scoredByOf(assets: readonly string[], versions: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(assets.map((a) => [a, versions[a] ?? RULE_BASED_LABEL]));
}

/** What the report needs of the rule-based strategy's own run to set it beside another. */
export function ruleBasedRun(r: TradingRecord): RuleBasedInput {
  return {
    kind: 'run',
    label: RULE_BASED_LABEL,
    equity: r.equity,
    fills: r.fills,
    closedPositions: r.closedPositions,
    ...(r.charges && { charges: r.charges }),
    ...(r.exposure && { exposure: r.exposure }),
  };
}

/**
 * The rule-based strategy beside the strategy under test: when a model scores any asset, the rule-based
 * strategy alone (no scorers: it scores every asset) replayed over the same bars with the same config;
 * otherwise the strategy under test is the rule-based one, and running it twice would show nothing new.
 */
async function ruleBasedBeside(run: BacktestOptions): Promise<RuleBasedInput> {
  if (!run.scorers || run.scorers.size === 0) return { kind: 'same' };
  run.logger?.info('replaying the rule-based strategy over the same bars, to set it beside the models', { runId: run.runId });
  const { scorers: _models, modelVersions: _versions, ...rest } = run;
  return ruleBasedRun(await runBacktest({ ...rest, runId: `${run.runId}-rule-based` }));
}

/** Build a run's report and write backtest_results/<run>/. */
export async function reportRun(input: BacktestInput, resultsDir: string, now: number): Promise<ReportedRun> {
  const report = buildReport(input, { generatedAt: now });
  const dir = path.join(resultsDir, input.runId);
  await writeReport(dir, report, input);
  return { dir, summary: report.summary, report };
}

/**
 * One backtest with the production ensembles (cached predictions) or, for assets without one, the
 * rule-based strategy: replay through the daemon's engine (and the rule-based strategy beside it when
 * models score), and write backtest_results/<run>/. The walk-forward, which retrains per fold, is the
 * optimize pipeline's (src/optimize/walkForwardBacktest.ts).
 */
export async function backtestAndReport(o: BacktestRunOptions): Promise<BacktestRunResult> {
  const prod = await productionScorers({
    config: o.config,
    store: o.store,
    modelsDir: o.modelsDir,
    logger: o.logger,
    mode: { kind: 'cached', from: o.from, to: o.to },
    runtime: o.runtime,
  });
  const scoredBy = scoredByOf(o.config.assets, prod.versions);
  try {
    const run: BacktestOptions = {
      config: o.config,
      source: o.store,
      from: o.from,
      to: o.to,
      scorers: prod.scorers,
      modelVersions: scoredBy,
      runId: runIdOf(o.now(), o.config.assets, false),
      logger: o.logger,
    };
    const input = { ...(await runBacktest(run)), ruleBased: await ruleBasedBeside(run) };
    return { ...(await reportRun(input, o.resultsDir, o.now())), scoredBy };
  } finally {
    prod.dispose();
  }
}
