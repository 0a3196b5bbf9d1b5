import path from 'node:path';
import type { Config } from '../config/schema.js';
import type { Logger } from '../internal/logger.js';
import { productionScorers } from '../runtime/ensemble/productionScorers.js';
import type { Store } from '../store/store.js';
import { buildReport } from './report/buildReport.js';
import type { BacktestInput, ReportSummary } from './report/types.js';
import { writeReport } from './report/writeReport.js';
import { runBacktest } from './runBacktest.js';

export interface BacktestRunOptions {
  readonly config: Config;
  readonly store: Store;
  readonly modelsDir: string;
  readonly resultsDir: string;
  readonly from: number;
  readonly to: number;
  readonly logger: Logger;
  /** Wall clock: names the run and dates the report (never used by the simulation). */
  readonly now: () => number;
}

export interface BacktestRunResult {
  readonly dir: string;
  readonly summary: ReportSummary;
  readonly scoredBy: Record<string, string>;
}

export function runIdOf(now: number, assets: readonly string[], walkForward: boolean): string {
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${assets.map((a) => a.split('/')[0]).join('-')}${walkForward ? '-wf' : ''}`;
}

/** Build a run's report and write backtest_results/<run>/. */
export async function reportRun(input: BacktestInput, resultsDir: string, now: number): Promise<{ dir: string; summary: ReportSummary }> {
  const report = buildReport(input, { generatedAt: now });
  const dir = path.join(resultsDir, input.runId);
  await writeReport(dir, report, input);
  return { dir, summary: report.summary };
}

/**
 * One backtest with the production ensembles (cached predictions) or, for assets without one, the
 * rule-based strategy: replay through the daemon's engine and write backtest_results/<run>/. The
 * walk-forward, which retrains per fold, is the optimize pipeline's (src/optimize/walkForwardBacktest.ts).
 */
export async function backtestAndReport(o: BacktestRunOptions): Promise<BacktestRunResult> {
  const prod = await productionScorers({ config: o.config, store: o.store, modelsDir: o.modelsDir, logger: o.logger, mode: { kind: 'cached', from: o.from, to: o.to } });
  try {
    const input = await runBacktest({
      config: o.config,
      source: o.store,
      from: o.from,
      to: o.to,
      scorers: prod.scorers,
      modelVersions: prod.versions,
      runId: runIdOf(o.now(), o.config.assets, false),
      logger: o.logger,
    });
    return { ...(await reportRun(input, o.resultsDir, o.now())), scoredBy: prod.versions };
  } finally {
    prod.dispose();
  }
}
