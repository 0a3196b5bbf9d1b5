import path from 'node:path';
import type { Config } from '../config/schema.js';
import type { Scorer } from '../ensemble/scorer.js';
import type { Logger } from '../internal/logger.js';
import { productionScorers } from '../runtime/ensemble/productionScorers.js';
import type { Store } from '../store/store.js';
import { buildReport } from './report/buildReport.js';
import type { ReportSummary, WalkForwardWindow } from './report/types.js';
import { writeReport } from './report/writeReport.js';
import { runBacktest } from './runBacktest.js';
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
  readonly scoredBy: Record<string, string>;
}

function runIdOf(now: number, assets: readonly string[], walkForward: boolean): string {
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${assets.map((a) => a.split('/')[0]).join('-')}${walkForward ? '-wf' : ''}`;
}

/**
 * One backtest from the command line or from optimize: choose the scorers (production ensembles with
 * cached predictions, or walk-forward models retrained per fold), replay through the daemon's engine,
 * and write backtest_results/<run>/.
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
    scoredBy = prod.versions;
    dispose = prod.dispose;
  }
  try {
    const runId = runIdOf(o.now(), o.config.assets, o.walkForward !== undefined);
    const input = await runBacktest({
      config: o.config,
      source: o.store,
      from: o.from,
      to: o.to,
      scorers,
      modelVersions: scoredBy,
      ...(windows && { walkForward: windows }),
      runId,
      logger: o.logger,
    });
    const report = buildReport(input, { generatedAt: o.now() });
    const dir = path.join(o.resultsDir, runId);
    await writeReport(dir, report, input);
    return { dir, summary: report.summary, scoredBy };
  } finally {
    dispose();
  }
}
