import path from 'node:path';
import type { Config } from '../config/schema.js';
import type { Scorer } from '../ensemble/scorer.js';
import type { Logger } from '../internal/logger.js';
import { productionScorers } from '../runtime/ensemble/productionScorers.js';
import type { Store } from '../store/store.js';
import { buildReport } from './report/buildReport.js';
import type { BacktestReport, ReportSummary, RuleBasedInput, TradingRecord, WalkForwardWindow } from './report/types.js';
import { writeReport } from './report/writeReport.js';
import { RULE_BASED_LABEL, runBacktest, type BacktestOptions } from './runBacktest.js';
import { walkForwardScorers } from './walkForwardScorers.js';

export interface BacktestRunOptions {
  readonly config: Config;
  readonly store: Store;
  readonly modelsDir: string;
  readonly resultsDir: string;
  readonly from: number;
  readonly to: number;
  /** Retrain per fold (walk-forward) instead of scoring with the production ensembles. */
  readonly walkForward?: { readonly folds: number; readonly quick: boolean; readonly backend: string; readonly interactive: boolean };
  readonly logger: Logger;
  /** Wall clock: names the run and dates the report (never used by the simulation). */
  readonly now: () => number;
  readonly signal?: AbortSignal;
}

export interface BacktestRunResult {
  readonly dir: string;
  readonly summary: ReportSummary;
  /** The whole report (report.json), for the per-asset figures. */
  readonly report: BacktestReport;
  readonly scoredBy: Record<string, string>;
}

function runIdOf(now: number, assets: readonly string[], walkForward: boolean): string {
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${assets.map((a) => a.split('/')[0]).join('-')}${walkForward ? '-wf' : ''}`;
}

/** What the report needs of a run to set it beside another. */
function tradingRecord(r: TradingRecord): TradingRecord {
  return { equity: r.equity, fills: r.fills, closedPositions: r.closedPositions, ...(r.charges && { charges: r.charges }), ...(r.exposure && { exposure: r.exposure }) };
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
  const rule = await runBacktest({ ...rest, runId: `${run.runId}-rule-based` });
  return { kind: 'run', label: RULE_BASED_LABEL, ...tradingRecord(rule) };
}

/**
 * One backtest from the command line or from optimize: choose the scorers (production ensembles with
 * cached predictions, or walk-forward models retrained per fold), replay through the daemon's engine
 * (and the rule-based strategy beside it when models score), and write backtest_results/<run>/.
 */
export async function backtestAndReport(o: BacktestRunOptions): Promise<BacktestRunResult> {
  let scorers: Map<string, Scorer>;
  let scoredBy: Record<string, string>;
  let windows: WalkForwardWindow[] | undefined;
  let dispose = () => {};
  if (o.walkForward) {
    const wf = await walkForwardScorers({
      config: o.config,
      store: o.store,
      from: o.from,
      to: o.to,
      folds: o.walkForward.folds,
      quick: o.walkForward.quick,
      logger: o.logger,
      backend: o.walkForward.backend,
      interactive: o.walkForward.interactive,
      ...(o.signal && { signal: o.signal }),
    });
    scorers = wf.scorers;
    scoredBy = wf.versions;
    windows = wf.windows;
  } else {
    const prod = await productionScorers({ config: o.config, store: o.store, modelsDir: o.modelsDir, logger: o.logger, mode: { kind: 'cached', from: o.from, to: o.to } });
    scorers = prod.scorers;
    // An asset without a production ensemble is traded by the rule-based strategy: say which.
    scoredBy = Object.fromEntries(Object.entries(prod.versions).map(([asset, by]) => [asset, prod.scorers.has(asset) ? by : RULE_BASED_LABEL]));
    dispose = prod.dispose;
  }
  try {
    const runId = runIdOf(o.now(), o.config.assets, o.walkForward !== undefined);
    const run: BacktestOptions = {
      config: o.config,
      source: o.store,
      from: o.from,
      to: o.to,
      scorers,
      modelVersions: scoredBy,
      ...(windows && { walkForward: windows }),
      runId,
      logger: o.logger,
    };
    const input = { ...(await runBacktest(run)), ruleBased: await ruleBasedBeside(run) };
    const report = buildReport(input, { generatedAt: o.now() });
    const dir = path.join(o.resultsDir, runId);
    await writeReport(dir, report, input);
    return { dir, summary: report.summary, report, scoredBy };
  } finally {
    dispose();
  }
}
