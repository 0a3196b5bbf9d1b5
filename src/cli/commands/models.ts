import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { META_JSON } from '../../models/persistence/layout.js';
import type { ModelVersion } from '../../store/modelRegistry.js';
import type { CliContext } from '../context.js';
import { registeredModel } from '../registeredModel.js';
import { registerModelOperations } from './modelOperations.js';
import { registerModelsExport } from './modelsExport.js';
import { registerModelsCompare } from './modelsCompare.js';
import { registerModelsDrift } from './modelsDrift.js';
import { readEnsembleVersion } from '../../optimize/productionChange.js';
import { parseModelKind, parseSymbol } from '../options.js';

/** Validation scores of every version; an ensemble also has its walk-forward's Sharpe and the rule-based strategy's. */
const KEY_METRICS: [string, string][] = [
  ['validation.auc', 'auc'],
  ['validation.logLoss', 'logLoss'],
  ['validation.ece', 'ece'],
  ['walkForward.sharpe', 'walk-forward sharpe'],
  ['walkForward.ruleSharpe', 'rule sharpe'],
];

function fmt(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(4);
}

function line(v: ModelVersion): string {
  const metrics = KEY_METRICS.filter(([k]) => k in v.metrics)
    .map(([k, name]) => `${name} ${fmt(v.metrics[k])}`)
    .join('  ');
  return `${v.id.padEnd(28)} ${v.status.padEnd(10)} ${new Date(v.createdAt).toISOString().slice(0, 16)}  ${v.backend.padEnd(10)} ${metrics}`;
}

export function registerModels(program: Command, ctx: CliContext): void {
  const models = program.command('models').description('trained model versions: list, inspect, promote, roll back, retire, compare, drift');
  models
    .command('list')
    .description('every registered model version with its status, validation scores and, for an ensemble, its walk-forward')
    .option('--asset <symbol>', 'only models that judge this asset (trained on a pool that holds it)', parseSymbol)
    .option('--kind <kind>', 'only this model kind (transformer, tcn, lstm, cnnLstm or cnn_lstm, ensemble)', parseModelKind)
    .addOption(new Option('--status <status>', 'only this status').choices(['staging', 'production', 'retired']))
    .option('--json', 'print JSON')
    .action((opts: { asset?: string; kind?: string; status?: 'staging' | 'production' | 'retired'; json?: boolean }) => {
      const store = ctx.openStore();
      try {
        // Models are trained on a pool of assets, registered under the pool's name (BTC/USD+ETH/USD).
        const list = store.models
          .list({ ...(opts.kind && { kind: opts.kind }), ...(opts.status && { status: opts.status }) })
          .filter((v) => !opts.asset || v.asset.split('+').includes(opts.asset));
        if (opts.json) ctx.io.out(JSON.stringify({ models: list }, null, 2));
        else if (list.length === 0) ctx.io.out('no models yet: bot optimize --assets BTC/USD ETH/USD SOL/USD trains them');
        else for (const v of list) ctx.io.out(line(v));
      } finally {
        store.close();
      }
    });
  models
    .command('show <id>')
    .description("one model version: registry entry and its meta.json (ranges, metrics, hyperparameters), or an ensemble's artifact")
    .option('--json', 'print JSON')
    .action((id: string, opts: { json?: boolean }) => {
      const store = ctx.openStore();
      try {
        const v = registeredModel(store, id);
        // A model's folder holds meta.json; an ensemble is one JSON file, its artifact.
        const artifact = v.kind === 'ensemble' ? readEnsembleVersion(store, ctx.home.modelsDir, id) : undefined;
        const metaFile = path.join(ctx.home.modelsDir, v.path, META_JSON);
        const meta: unknown = artifact ? null : fs.existsSync(metaFile) ? JSON.parse(fs.readFileSync(metaFile, 'utf8')) : null;
        if (opts.json) {
          ctx.io.out(JSON.stringify({ ...v, ...(artifact ? { artifact } : { meta }) }, null, 2));
          return;
        }
        ctx.io.out(line(v));
        ctx.io.out(`  artifacts ${path.join(ctx.home.modelsDir, v.path)}${artifact || meta ? '' : ' (meta.json missing!)'}`);
        if (artifact) {
          ctx.io.out(
            `  pool ${artifact.pool.join(', ')}; horizon ${artifact.label.horizonBars} bars; trades from confidence ${artifact.minConfidence}; trained through ${artifact.trainedThrough}`,
          );
          ctx.io.out(
            `  members ${Object.entries(artifact.members)
              .map(([m, mid]) => `${m} ${mid}`)
              .join(', ')}`,
          );
        }
        ctx.io.out(`  feature schema ${v.featureSchemaHash}  seed ${v.seed}`);
        for (const [k, x] of Object.entries(v.metrics).sort(([a], [b]) => a.localeCompare(b))) ctx.io.out(`  ${k.padEnd(36)} ${fmt(x)}`);
      } finally {
        store.close();
      }
    });
  registerModelOperations(models, ctx);
  registerModelsCompare(models, ctx);
  registerModelsDrift(models, ctx);
  registerModelsExport(models, ctx);
}
