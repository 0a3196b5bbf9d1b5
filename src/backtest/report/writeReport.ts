import fs from 'node:fs/promises';
import path from 'node:path';
import { UserError, errorMessage } from '../../internal/errors.js';
import { reportSeries } from './buildReport.js';
import { equityCsv, tradesCsv } from './csv.js';
import { renderReportHtml, type HtmlOptions } from './html/renderHtml.js';
import type { BacktestInput, BacktestReport } from './types.js';
import { writeFileAtomic } from './writeFileAtomic.js';

export const REPORT_FILES = { json: 'report.json', trades: 'trades.csv', equity: 'equity.csv', html: 'report.html' } as const;

export type ReportFiles = { readonly [K in keyof typeof REPORT_FILES]: string };

/**
 * Writes the run's folder: trades.csv, equity.csv, report.html, and report.json last, so that a folder
 * with a report.json holds a complete report. Each file is replaced atomically.
 * `report` must be buildReport(input, ...): the files draw their rows and curves from `input`.
 */
export async function writeReport(dir: string, report: BacktestReport, input: BacktestInput, options: HtmlOptions = {}): Promise<ReportFiles> {
  if (report.summary.runId !== input.runId) {
    throw new RangeError(`writeReport: the report is of run ${report.summary.runId}, the input of run ${input.runId}`);
  }
  const s = reportSeries(input);
  const files: ReportFiles = {
    json: path.join(dir, REPORT_FILES.json),
    trades: path.join(dir, REPORT_FILES.trades),
    equity: path.join(dir, REPORT_FILES.equity),
    html: path.join(dir, REPORT_FILES.html),
  };
  try {
    await fs.mkdir(dir, { recursive: true });
    await writeFileAtomic(files.trades, tradesCsv(s.rows));
    await writeFileAtomic(files.equity, equityCsv(input.equity, s.buyAndHold.curve));
    await writeFileAtomic(
      files.html,
      renderReportHtml(
        report,
        {
          equity: input.equity,
          buyAndHold: s.buyAndHold.curve,
          rows: s.rows,
          closes: input.closes,
          fills: input.fills,
          closedPositions: input.closedPositions,
        },
        options,
      ),
    );
    await writeFileAtomic(files.json, `${JSON.stringify(report, null, 2)}\n`);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === undefined) throw err;
    throw new UserError(`cannot write the backtest report to ${dir}: ${errorMessage(err)}`, {
      hint: 'check that the folder (or --out) is writable and the disk is not full',
      cause: err,
    });
  }
  return files;
}
