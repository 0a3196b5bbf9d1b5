import type { Command } from 'commander';
import { compareEnsembles, type ComparedModel } from '../../optimize/compareEnsembles.js';
import { chooseInferenceRuntime } from '../../runtime/inferenceRuntimeChoice.js';
import type { CliContext } from '../context.js';

const f = (x: number | null, digits = 3) => (x === null ? '-' : x.toFixed(digits));

/** `bot models compare ID1 ID2`: two ensembles on the same test block, the same metrics, side by side. */
export function registerModelsCompare(models: Command, ctx: CliContext): void {
  models
    .command('compare <id1> <id2>')
    .description('two ensemble versions on the same test block (after both were trained), traded through the engine and judged, side by side')
    .option('--json', 'print JSON')
    .action(async (id1: string, id2: string, opts: { json?: boolean }) => {
      const { config } = ctx.config();
      const store = ctx.openStore();
      try {
        const logger = ctx.logger.child('compare');
        const runtime = await chooseInferenceRuntime(config, logger);
        const c = await compareEnsembles({ config, store, modelsDir: ctx.home.modelsDir, logger, runtime, ids: [id1, id2] });
        if (opts.json) {
          ctx.io.out(JSON.stringify(c, null, 2));
          return;
        }
        const [a, b] = c.models;
        const rows: [string, (m: ComparedModel) => string, string][] = [
          ['trained through', (m) => m.trainedThrough.slice(0, 10), ''],
          ['horizon (bars)', (m) => String(m.horizonBars), ''],
          ['trades from confidence', (m) => String(m.minConfidence), ''],
          ['sharpe', (m) => f(m.trading.sharpe, 2), f(c.rule.sharpe, 2)],
          ['total return', (m) => f(m.trading.totalReturn, 4), f(c.rule.totalReturn, 4)],
          ['max drawdown', (m) => f(m.trading.maxDrawdown, 4), f(c.rule.maxDrawdown, 4)],
          ['trades', (m) => String(m.trading.trades), String(c.rule.trades)],
          ['fees', (m) => f(m.trading.fees, 2), f(c.rule.fees, 2)],
          ['proposals judged', (m) => String(m.predictions.judged), ''],
          ['auc', (m) => f(m.predictions.auc), ''],
          ['brier', (m) => f(m.predictions.brier), ''],
          ['ece', (m) => f(m.predictions.ece), ''],
          ['hit rate (p >= 0.5)', (m) => f(m.predictions.hitRate), ''],
          ['base rate', (m) => f(m.predictions.baseRate), ''],
        ];
        const w = Math.max(22, a.id.length, b.id.length) + 2;
        ctx.io.out(`${c.assets.join(', ')}: test block ${c.from.slice(0, 16)} .. ${c.to.slice(0, 16)} UTC`);
        ctx.io.out(`${''.padEnd(24)}${a.id.padEnd(w)}${b.id.padEnd(w)}rule-based strategy`);
        for (const [name, of, rule] of rows) ctx.io.out(`${name.padEnd(24)}${of(a).padEnd(w)}${of(b).padEnd(w)}${rule}`);
      } finally {
        store.close();
      }
    });
}
