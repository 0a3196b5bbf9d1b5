import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { UserError } from '../../internal/errors.js';
import { REPORT_FILES } from './writeReport.js';

const num = z.number();
const ratio = z.number().nullable();

const costs = z.object({
  grossPnl: num,
  fees: num,
  financing: num,
  netPnl: num,
  turnover: ratio,
  exposure: num,
  averageHoldingMs: ratio,
  hitRate: ratio,
  trades: num,
});

const performance = {
  totalReturn: num,
  annualisedReturn: ratio,
  sharpe: ratio,
  sortino: ratio,
  maxDrawdown: num,
  finalEquity: num,
  winRate: num,
  profitFactor: ratio,
};

/** The parts of report.json (src/backtest/report/types.ts) that listing and comparing runs read. */
const storedReport = z.object({
  generatedAt: z.string(),
  summary: z.object({
    runId: z.string(),
    fingerprint: z.string(),
    assets: z.array(z.string()),
    timeframe: z.string(),
    from: z.string(),
    to: z.string(),
    capital: num,
    ...performance,
    costs,
    buyAndHold: z.object({ totalReturn: num }),
  }),
  perAsset: z.array(z.object({ symbol: z.string(), pnl: num, costs })),
  config: z.unknown(),
});

export type StoredReport = z.infer<typeof storedReport> & { readonly dir: string };
export type StoredSummary = StoredReport['summary'];

/** A run folder whose report.json is missing or does not read as one, and why. */
export interface UnreadableRun {
  readonly dir: string;
  readonly problem: string;
}

function readAt(dir: string): StoredReport | UnreadableRun {
  const file = path.join(dir, REPORT_FILES.json);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return {
      dir,
      problem:
        code === 'ENOENT' ? 'no report.json (an interrupted run?)' : `report.json does not read as JSON: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
  const parsed = storedReport.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { dir, problem: `report.json is not a report of this version of bot (${issue?.path.join('.') || 'top level'}: ${issue?.message ?? 'invalid'})` };
  }
  return { ...parsed.data, dir };
}

export function isReadable(r: StoredReport | UnreadableRun): r is StoredReport {
  return !('problem' in r);
}

/** Every run folder under `resultsDir`, oldest first (run ids start with their UTC time). */
export function storedRuns(resultsDir: string): (StoredReport | UnreadableRun)[] {
  if (!fs.existsSync(resultsDir)) return [];
  return fs
    .readdirSync(resultsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => readAt(path.join(resultsDir, name)));
}

/** The run a user named: its folder name under `resultsDir`, or a path to its folder. */
export function storedRun(resultsDir: string, run: string, cwd: string): StoredReport {
  const candidates = [path.join(resultsDir, run), path.resolve(cwd, run)];
  const dir = candidates.find((d) => fs.existsSync(path.join(d, REPORT_FILES.json)));
  if (!dir) {
    const known = storedRuns(resultsDir)
      .filter(isReadable)
      .map((r) => path.basename(r.dir));
    throw new UserError(`no backtest run "${run}" in ${resultsDir}`, {
      hint: known.length ? `bot backtest list shows them; the latest: ${known.slice(-3).join(', ')}` : 'no runs yet: bot backtest --from DATE writes one',
    });
  }
  const r = readAt(dir);
  if (!isReadable(r)) throw new UserError(`backtest run ${dir}: ${r.problem}`, { hint: 'run the backtest again to write a current report' });
  return r;
}
