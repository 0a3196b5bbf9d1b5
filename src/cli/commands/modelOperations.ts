import type { Command } from 'commander';
import { judgesStrategy } from '../../ensemble/ensembleArtifact.js';
import { UserError } from '../../internal/errors.js';
import { changeProduction, currentProduction, readEnsembleVersion, rollbackTarget } from '../../optimize/productionChange.js';
import type { ProductionChange } from '../../store/productionHistory.js';
import type { RetrainRun } from '../../store/retrainRepository.js';
import type { Store } from '../../store/store.js';
import type { CliContext } from '../context.js';
import { parseSymbol } from '../options.js';

const operator = (command: string) => `operator (bot models ${command})`;

function withStore<T>(ctx: CliContext, fn: (store: Store) => T): T {
  const store = ctx.openStore();
  try {
    return fn(store);
  } finally {
    store.close();
  }
}

function changeLine(c: ProductionChange): string {
  const to = c.modelId ?? 'the rule-based strategy';
  const from = c.previousId ?? 'the rule-based strategy';
  return `${new Date(c.time).toISOString().slice(0, 16)}  ${c.asset.padEnd(9)} ${c.action.padEnd(8)} ${from} -> ${to}  by ${c.trigger}: ${c.reason}`;
}

function retrainLine(r: RetrainRun): string {
  const minutes = r.finishedAt === null ? 'running' : `${((r.finishedAt - r.startedAt) / 60_000).toFixed(1)} min`;
  const at = new Date(r.feedTime).toISOString().slice(0, 16);
  return `#${r.id}  ${at} (feed)  ${r.pool}  ${r.trigger}  ${r.status.padEnd(9)} ${r.candidate ?? '-'}  ${minutes}: ${r.message ?? ''}`;
}

/** The assets of `id`'s pool whose trades it judges now. */
function servedBy(store: Store, id: string, pool: readonly string[]): string[] {
  return pool.filter((a) => currentProduction(store, a) === id);
}

/**
 * promote, rollback, retire and history: every change of production goes through changeProduction,
 * which records who asked and why; a running daemon picks the change up at its next bar.
 */
export function registerModelOperations(models: Command, ctx: CliContext): void {
  models
    .command('promote <id>')
    .description('make an ensemble version production for every asset of its pool (or --asset), by hand')
    .option('--asset <symbol>', 'only this asset of the pool', parseSymbol)
    .option('--reason <text>', 'why, recorded with the change', 'promoted by hand')
    .action((id: string, opts: { asset?: string; reason: string }) => {
      const { config } = ctx.config();
      withStore(ctx, (store) => {
        const v = store.models.get(id);
        if (v && v.kind !== 'ensemble')
          throw new UserError(`${id} is a ${v.kind} model, not an ensemble: production is an ensemble of models`, {
            hint: 'bot models list --kind ensemble shows the ensembles',
          });
        const artifact = readEnsembleVersion(store, ctx.home.modelsDir, id);
        if (!judgesStrategy(artifact, config.strategy)) {
          throw new UserError(`${id} judges the trades of other strategy settings than the config's: it cannot judge these`, {
            hint: `set strategy to ${JSON.stringify(artifact.strategy)}, or promote an ensemble trained on the config's`,
          });
        }
        if (opts.asset && !artifact.pool.includes(opts.asset)) throw new UserError(`${id} was trained on ${artifact.pool.join(', ')}, not ${opts.asset}`);
        const assets = (opts.asset ? [opts.asset] : artifact.pool).filter((a) => currentProduction(store, a) !== id);
        if (assets.length === 0) {
          ctx.io.out(`${id} is already production for ${opts.asset ?? artifact.pool.join(', ')}`);
          return;
        }
        changeProduction(store, ctx.home.modelsDir, {
          modelId: id,
          assets,
          action: 'promote',
          trigger: operator('promote'),
          reason: opts.reason,
          time: Date.now(),
        });
        ctx.io.out(`promoted ${id} for ${assets.join(', ')}`);
      });
    });
  models
    .command('rollback')
    .argument('<asset>', 'the asset, e.g. SOL/USD', parseSymbol)
    .description('put back the version the current production ensemble of the asset replaced (or the rule-based strategy)')
    .option('--reason <text>', 'why, recorded with the change', 'rolled back by hand')
    .action((asset: string, opts: { reason: string }) => {
      withStore(ctx, (store) => {
        const { from, to } = rollbackTarget(store, asset);
        changeProduction(store, ctx.home.modelsDir, {
          modelId: to,
          assets: [asset],
          action: 'rollback',
          trigger: operator('rollback'),
          reason: opts.reason,
          time: Date.now(),
        });
        ctx.io.out(`${asset}: rolled back from ${from} to ${to ?? 'the rule-based strategy'}`);
      });
    });
  models
    .command('retire <id>')
    .description('retire an ensemble version; the assets it judges go back to the rule-based strategy')
    .option('--reason <text>', 'why, recorded with the change', 'retired by hand')
    .action((id: string, opts: { reason: string }) => {
      withStore(ctx, (store) => {
        const v = store.models.get(id);
        if (!v) throw new UserError(`no model version '${id}'`, { hint: 'bot models list shows them' });
        if (v.status === 'retired') {
          ctx.io.out(`${id} is already retired`);
          return;
        }
        if (v.kind !== 'ensemble') {
          if (v.status === 'production')
            throw new UserError(`${id} is a member of a production ensemble`, {
              hint: 'retire or roll back the ensemble instead (bot models list --kind ensemble --status production)',
            });
          store.models.setStatus(id, 'retired', Date.now(), `${operator('retire')}: ${opts.reason}`);
          ctx.io.out(`retired ${id}`);
          return;
        }
        const assets = servedBy(store, id, readEnsembleVersion(store, ctx.home.modelsDir, id).pool);
        if (assets.length > 0) {
          changeProduction(store, ctx.home.modelsDir, {
            modelId: null,
            assets,
            action: 'retire',
            trigger: operator('retire'),
            reason: opts.reason,
            time: Date.now(),
          });
        }
        // Production or not before, it is retired now (a staging candidate is set aside for good).
        if (store.models.get(id)?.status !== 'retired') store.models.setStatus(id, 'retired', Date.now(), `${operator('retire')}: ${opts.reason}`);
        ctx.io.out(assets.length > 0 ? `retired ${id}: ${assets.join(', ')} back on the rule-based strategy` : `retired ${id}`);
      });
    });
  models
    .command('history')
    .description('every change of production: when, which asset, from what to what, who or what did it and why')
    .option('--asset <symbol>', 'only this asset', parseSymbol)
    .option('--json', 'print JSON')
    .action((opts: { asset?: string; json?: boolean }) => {
      withStore(ctx, (store) => {
        const changes = store.production.list(opts.asset);
        if (opts.json) ctx.io.out(JSON.stringify({ changes }, null, 2));
        else if (changes.length === 0) ctx.io.out('no change of production recorded yet');
        else for (const c of changes) ctx.io.out(changeLine(c));
      });
    });
  models
    .command('retrains')
    .description("the daemon's retrains, newest first: when on the feed's clock, why, the verdict and the candidate")
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => {
      withStore(ctx, (store) => {
        const runs = store.retrains.list();
        if (opts.json) ctx.io.out(JSON.stringify({ retrains: runs }, null, 2));
        else if (runs.length === 0) ctx.io.out('no retrain recorded yet (models.retrain.every or onDrift starts them in bot run)');
        else for (const r of runs) ctx.io.out(retrainLine(r));
      });
    });
}
