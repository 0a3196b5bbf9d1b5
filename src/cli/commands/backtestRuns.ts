import path from 'node:path';
import type { Command } from 'commander';
import { duration, money, NONE, percent, ratio } from '../../backtest/report/format.js';
import { isReadable, storedRun, storedRuns, type StoredReport, type StoredSummary } from '../../backtest/report/storedReports.js';
import type { CliContext } from '../context.js';
import { textTable } from '../textTable.js';

type Metric = readonly [label: string, value: (s: StoredSummary) => number | null, show: (x: number | null) => string];

const METRICS: readonly Metric[] = [
  ['return', (s) => s.totalReturn, (x) => percent(x)],
  ['annualised return', (s) => s.annualisedReturn, (x) => percent(x)],
  ['sharpe', (s) => s.sharpe, (x) => ratio(x)],
  ['sortino', (s) => s.sortino, (x) => ratio(x)],
  ['max drawdown', (s) => s.maxDrawdown, (x) => percent(x)],
  ['trades', (s) => s.costs.trades, (x) => (x === null ? NONE : String(x))],
  ['hit rate', (s) => s.costs.hitRate, (x) => percent(x, 1)],
  ['profit factor', (s) => s.profitFactor, (x) => ratio(x)],
  ['gross P&L', (s) => s.costs.grossPnl, (x) => money(x)],
  ['fees', (s) => s.costs.fees, (x) => money(x)],
  ['financing', (s) => s.costs.financing, (x) => money(x)],
  ['net P&L', (s) => s.costs.netPnl, (x) => money(x)],
  ['turnover', (s) => s.costs.turnover, (x) => (x === null ? NONE : `${ratio(x)}x`)],
  ['exposure', (s) => s.costs.exposure, (x) => percent(x, 1)],
  ['average holding', (s) => s.costs.averageHoldingMs, (x) => (x === null ? NONE : duration(x))],
  ['final equity', (s) => s.finalEquity, (x) => money(x)],
  ['buy & hold return', (s) => s.buyAndHold.totalReturn, (x) => percent(x)],
];

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

function flatten(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (isPlain(value)) for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  else out.set(prefix, JSON.stringify(value) ?? 'undefined');
  return out;
}

/** Config keys whose values differ between two runs (a key one of them lacks shows as "-"). */
export function configDifferences(a: unknown, b: unknown): { key: string; a: string; b: string }[] {
  const fa = flatten(a);
  const fb = flatten(b);
  const keys = [...new Set([...fa.keys(), ...fb.keys()])].sort();
  return keys.filter((k) => fa.get(k) !== fb.get(k)).map((k) => ({ key: k, a: fa.get(k) ?? '-', b: fb.get(k) ?? '-' }));
}

function period(s: StoredSummary): string {
  return `${s.from.slice(0, 10)} .. ${s.to.slice(0, 10)}`;
}

function comparison(a: StoredReport, b: StoredReport) {
  return {
    runs: [a, b].map((r) => ({
      runId: r.summary.runId,
      dir: r.dir,
      assets: r.summary.assets,
      timeframe: r.summary.timeframe,
      from: r.summary.from,
      to: r.summary.to,
      fingerprint: r.summary.fingerprint,
    })),
    metrics: METRICS.map(([label, value]) => {
      const x = value(a.summary);
      const y = value(b.summary);
      return { metric: label, a: x, b: y, difference: x === null || y === null ? null : y - x };
    }),
    perAsset: [...new Set([...a.perAsset, ...b.perAsset].map((p) => p.symbol))].map((symbol) => ({
      symbol,
      a: a.perAsset.find((p) => p.symbol === symbol)?.costs.netPnl ?? null,
      b: b.perAsset.find((p) => p.symbol === symbol)?.costs.netPnl ?? null,
    })),
    config: configDifferences(a.config, b.config),
  };
}

/** `bot backtest list` and `bot backtest compare RUN1 RUN2`: what backtest_results/ holds. */
export function registerBacktestRuns(backtest: Command, ctx: CliContext): void {
  backtest
    .command('list')
    .description('past backtests in backtest_results/: period, assets, return, Sharpe, drawdown, trades, costs')
    .option('--json', 'print JSON')
    .action((_opts: unknown, cmd: Command) => {
      const { json } = cmd.optsWithGlobals<{ json?: boolean }>();
      const runs = storedRuns(ctx.home.backtestResultsDir);
      const readable = runs.filter(isReadable);
      if (json) {
        ctx.io.out(
          JSON.stringify(
            {
              runs: readable.map((r) => ({
                runId: r.summary.runId,
                dir: r.dir,
                generatedAt: r.generatedAt,
                assets: r.summary.assets,
                timeframe: r.summary.timeframe,
                from: r.summary.from,
                to: r.summary.to,
                totalReturn: r.summary.totalReturn,
                sharpe: r.summary.sharpe,
                maxDrawdown: r.summary.maxDrawdown,
                trades: r.summary.costs.trades,
                fees: r.summary.costs.fees,
                financing: r.summary.costs.financing,
                netPnl: r.summary.costs.netPnl,
              })),
              unreadable: runs.filter((r) => !isReadable(r)),
            },
            null,
            2,
          ),
        );
        return;
      }
      if (runs.length === 0) {
        ctx.io.out(`no backtests in ${ctx.home.backtestResultsDir} yet: bot backtest --from DATE writes one`);
        return;
      }
      const rows = readable.map((r) => {
        const s = r.summary;
        return [
          path.basename(r.dir),
          s.assets.join(' '),
          s.timeframe,
          period(s),
          percent(s.totalReturn),
          ratio(s.sharpe),
          percent(s.maxDrawdown),
          String(s.costs.trades),
          money(s.costs.fees + s.costs.financing),
          money(s.costs.netPnl),
        ];
      });
      ctx.io.out(textTable(['run', 'assets', 'tf', 'period', 'return', 'sharpe', 'max dd', 'trades', 'fees+fin.', 'net P&L'], rows, [4, 5, 6, 7, 8, 9]));
      for (const r of runs) if (!isReadable(r)) ctx.io.out(`  ${path.basename(r.dir)}: ${r.problem}`);
      ctx.io.out('\nbot backtest compare RUN1 RUN2 sets two of them side by side.');
    });

  backtest
    .command('compare <run1> <run2>')
    .description('two backtests side by side: every figure, the difference, net P&L per asset, and the config keys that differ')
    .option('--json', 'print JSON')
    .action((run1: string, run2: string, _opts: unknown, cmd: Command) => {
      const { json } = cmd.optsWithGlobals<{ json?: boolean }>();
      const a = storedRun(ctx.home.backtestResultsDir, run1, ctx.io.cwd);
      const b = storedRun(ctx.home.backtestResultsDir, run2, ctx.io.cwd);
      const c = comparison(a, b);
      if (json) {
        ctx.io.out(JSON.stringify(c, null, 2));
        return;
      }
      const [ra, rb] = c.runs;
      ctx.io.out(`A ${ra?.runId}: ${ra?.assets.join(' ')} ${ra?.timeframe} ${period(a.summary)}`);
      ctx.io.out(`B ${rb?.runId}: ${rb?.assets.join(' ')} ${rb?.timeframe} ${period(b.summary)}`);
      if (ra?.fingerprint === rb?.fingerprint) ctx.io.out('the two runs made the same trades (same fingerprint)');
      ctx.io.out('');
      const show = (label: string) => METRICS.find(([l]) => l === label)?.[2] ?? ((x: number | null) => String(x));
      // A duration has no sign of its own: a negative difference keeps its minus.
      const signed = (label: string, x: number) => (x < 0 && !show(label)(x).startsWith('-') ? `-${show(label)(-x)}` : show(label)(x));
      ctx.io.out(
        textTable(
          ['', 'A', 'B', 'B - A'],
          c.metrics.map((m) => [m.metric, show(m.metric)(m.a), show(m.metric)(m.b), m.difference === null ? NONE : signed(m.metric, m.difference)]),
          [1, 2, 3],
        ),
      );
      ctx.io.out('');
      ctx.io.out(
        textTable(
          ['net P&L by asset', 'A', 'B'],
          c.perAsset.map((p) => [p.symbol, money(p.a), money(p.b)]),
          [1, 2],
        ),
      );
      ctx.io.out('');
      if (c.config.length === 0) ctx.io.out('same configuration');
      else
        ctx.io.out(
          textTable(
            ['config key that differs', 'A', 'B'],
            c.config.map((d) => [d.key, d.a, d.b]),
          ),
        );
    });
}
