import type { Command } from 'commander';
import { portfolioStatus, type PortfolioStatus } from '../../store/portfolioStatus.js';
import { lockHolder } from '../../runtime/homeLock.js';
import { backendPreferenceFrom, selectBackend } from '../../models/backend.js';
import { selectInferenceRuntime } from '../../models/inference/selectRuntime.js';
import type { DriftReport } from '../../drift/driftReport.js';
import type { Store } from '../../store/store.js';
import type { CliContext } from '../context.js';
import { marketFormat, type MarketFormat } from '../marketPrecision.js';

/** Each asset's production model and drift state as the daemon last checked it (bot models drift measures afresh). */
function modelStates(store: Store, assets: readonly string[]) {
  return assets.map((asset) => {
    const d = store.drift.get(asset);
    const r = d?.report as DriftReport | undefined;
    return {
      asset,
      model: d?.modelId ?? null,
      drift: d ? d.state : null,
      since: d ? new Date(d.since).toISOString() : null,
      checkedAt: d ? new Date(d.checkedAt).toISOString() : null,
      featuresAtWarning: r?.input ? r.input.warningShare : null,
      auc: r?.predictions?.auc ?? null,
      ece: r?.predictions?.ece ?? null,
      judged: r?.predictions?.judged ?? 0,
    };
  });
}

function modelLines(models: ReturnType<typeof modelStates>): string[] {
  const f = (x: number | null) => (x === null ? '-' : x.toFixed(3));
  return models
    .filter((m) => m.drift !== null)
    .map((m) =>
      m.model === null
        ? `  ${m.asset} rule-based strategy (no production ensemble)`
        : `  ${m.asset} ${m.model}: drift ${m.drift} since ${m.since} (checked ${m.checkedAt}); features at warning ${f(m.featuresAtWarning)}, auc ${f(m.auc)}, ece ${f(m.ece)} over ${m.judged} judged`,
    );
}

const money = (x: number) => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

function render(s: PortfolioStatus, daemon: string, f: MarketFormat): string {
  const lines = [
    `epoch ${s.epoch} (${s.mode === 'live' ? 'LIVE on the exchange account' : 'paper'}, capital ${money(s.capital)} USD, started ${s.startedAt})   venue: ${s.venue}   daemon: ${daemon}`,
    `cash ${money(s.cash)}   equity ${money(s.equity)}   realised P&L ${money(s.realizedPnl)}   fees ${money(s.fees)}   fills ${s.fills}`,
    s.venue === 'kraken-futures'
      ? `funding paid ${money(s.funding.paid)}   received ${money(s.funding.received)}`
      : `financing (margin opening and rollover) ${money(s.financing)}`,
  ];
  if (s.positions.length === 0) lines.push('no open positions');
  for (const p of s.positions) {
    lines.push(
      `  ${p.symbol} ${p.side} ${f.amount(p.symbol, p.quantity)} @ ${f.price(p.symbol, p.entryPrice)}  stop ${p.stopPrice === null ? '-' : f.price(p.symbol, p.stopPrice)}  liq ${f.price(p.symbol, p.liquidationPrice)}  ${p.leverage}x  mark ${f.price(p.symbol, p.markPrice)}  uP&L ${money(p.unrealizedPnl)}`,
    );
  }
  if (s.lastDecisions.length) lines.push('last decisions:');
  for (const d of s.lastDecisions) {
    const judged =
      d['confidence'] === null || d['confidence'] === undefined
        ? `exposure ${Number(d['exposure'] ?? 0).toFixed(3)}`
        : `conf ${Number(d['confidence']).toFixed(3)}`;
    lines.push(`  ${d['barTime']} ${d['symbol']} ${d['action']} ${d['class']} ${judged} (${d['source']}): ${d['reason']}`);
  }
  return lines.join('\n');
}

export function registerStatus(program: Command, ctx: CliContext): void {
  program
    .command('status')
    .description('the latest portfolio epoch (paper or live): cash, equity, open positions, fills, fees, P&L, last decisions')
    .option('--json', 'print JSON')
    .option('--epochs', 'list every portfolio epoch')
    .action(async (opts: { json?: boolean; epochs?: boolean }) => {
      const { config } = ctx.config();
      const store = ctx.openStore();
      try {
        const holder = lockHolder(ctx.home.lockFile);
        const backend = await selectBackend(backendPreferenceFrom(ctx.io.env, config.models.backend));
        // What a daemon started with this config runs its models on (it chooses the same way at start-up).
        const inferenceRuntime = (await selectInferenceRuntime(config.models.runtime)).name;
        const daemon = holder ? `running (pid ${holder.pid})` : 'not running';
        const epochs = store.trading.epochs();
        if (opts.epochs) {
          const rows = epochs.map((e) => {
            const s = portfolioStatus(store, e, config.timeframe, 0);
            return { epoch: e.id, mode: s.mode, capital: e.capital, startedAt: s.startedAt, note: e.note, cash: s.cash, equity: s.equity, fills: s.fills };
          });
          if (opts.json) ctx.io.out(JSON.stringify({ epochs: rows }, null, 2));
          else if (rows.length === 0) ctx.io.out('no epochs yet: bot reset --capital N or bot run starts one');
          else
            for (const r of rows)
              ctx.io.out(
                `epoch ${r.epoch}  ${r.mode}  capital ${money(r.capital)}  started ${r.startedAt}  equity ${money(r.equity)}  fills ${r.fills}${r.note ? `  (${r.note})` : ''}`,
              );
          return;
        }
        const epoch = epochs.at(-1);
        if (!epoch) {
          if (opts.json) ctx.io.out(JSON.stringify({ epoch: null, equity: 0, cash: 0, positions: [], fills: 0, fees: 0, realizedPnl: 0 }));
          else ctx.io.out('no portfolio yet: run `bot reset --capital 25000` or `bot run --sandbox` to start one');
          return;
        }
        const status = portfolioStatus(store, epoch, config.timeframe);
        const models = modelStates(store, config.assets);
        if (opts.json) ctx.io.out(JSON.stringify({ ...status, daemon: holder ? { pid: holder.pid } : null, backend, inferenceRuntime, models }, null, 2));
        else {
          const lines = modelLines(models);
          ctx.io.out(
            `${render(status, daemon, marketFormat(config))}${lines.length ? `\nmodels:\n${lines.join('\n')}` : ''}\ntensorflow backend: ${backend}   inference runtime: ${inferenceRuntime}`,
          );
        }
      } finally {
        store.close();
      }
    });
}
