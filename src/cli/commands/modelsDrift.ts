import type { Command } from 'commander';
import { timeframeMs } from '../../domain/timeframe.js';
import type { DriftReport } from '../../drift/driftReport.js';
import { UserError } from '../../internal/errors.js';
import { measureDrift } from '../../runtime/drift/measureDrift.js';
import type { CliContext } from '../context.js';
import { parseSymbol } from '../options.js';

const f = (x: number | null | undefined, digits = 3) => (x === null || x === undefined ? '-' : x.toFixed(digits));
const iso = (t: number) => new Date(t).toISOString().slice(0, 16);

function reportLines(r: DriftReport, state: string | undefined): string[] {
  if (r.modelId === null) return [`${r.asset}: no production ensemble (the rule-based strategy trades it alone): nothing to drift`];
  const out = [`${r.asset} ${r.modelId} at ${iso(r.time)}: measured ${r.level}${state ? `; daemon state ${state}` : ''}`];
  const i = r.input;
  if (!i) out.push('  input drift: no training reference stored with this ensemble (built before drift monitoring): retrain to get one');
  else {
    out.push(
      `  input drift ${i.level}: ${i.rows} recent rows; ${Math.round(i.warningShare * 100)}% of the features at warning or worse, ${Math.round(i.driftedShare * 100)}% drifted`,
    );
    out.push(`  ${'feature'.padEnd(28)} ${'psi'.padStart(7)} ${'ks'.padStart(7)}  level`);
    for (const x of i.features) out.push(`  ${x.feature.padEnd(28)} ${f(x.psi).padStart(7)} ${f(x.ks).padStart(7)}  ${x.level}`);
  }
  const p = r.predictions;
  if (p) {
    out.push(
      `  predictions ${p.level}: ${p.judged} judged; auc ${f(p.auc)}  brier ${f(p.brier)}  ece ${f(p.ece)}  hit rate ${f(p.hitRate)}  base rate ${f(p.baseRate)}  mean probability ${f(p.meanProbability)}`,
    );
  }
  return out;
}

/** `bot models drift`: every production ensemble's drift now, feature by feature, with its judged predictions. */
export function registerModelsDrift(models: Command, ctx: CliContext): void {
  models
    .command('drift')
    .description("input drift (PSI and KS per feature against the training window) and live prediction quality of each asset's production ensemble")
    .option('--asset <symbol>', 'only this asset', parseSymbol)
    .option('--json', 'print JSON')
    .action((opts: { asset?: string; json?: boolean }) => {
      const { config } = ctx.config();
      const assets = opts.asset ? [opts.asset] : config.assets;
      const store = ctx.openStore();
      try {
        const barMs = timeframeMs(config.timeframe);
        const reports = assets.map((asset) => {
          const last = store.candles.range(asset, config.timeframe).at(-1);
          if (!last)
            throw new UserError(`no ${asset} ${config.timeframe} candles in the store to measure drift on`, { hint: `bot data download --assets ${asset}` });
          // Measured up to the last stored bar (a home filled by a replay is measured at its end, not at today).
          const report = measureDrift({ store, modelsDir: ctx.home.modelsDir, config, asset, time: Math.min(Date.now(), last.time + barMs) });
          const stored = store.drift.get(asset);
          return {
            report,
            state: stored && stored.modelId === report.modelId ? { state: stored.state, since: stored.since, checkedAt: stored.checkedAt } : null,
          };
        });
        if (opts.json) ctx.io.out(JSON.stringify({ assets: reports.map((r) => ({ ...r.report, state: r.state })) }, null, 2));
        else for (const r of reports) for (const line of reportLines(r.report, r.state?.state)) ctx.io.out(line);
      } finally {
        store.close();
      }
    });
}
