import type { Command } from 'commander';
import { csvField } from '../../backtest/report/csv.js';
import { money } from '../../backtest/report/format.js';
import { utcText } from '../../data/csv/utcText.js';
import { UserError } from '../../internal/errors.js';
import { portfolioStatus } from '../../store/portfolioStatus.js';
import type { CliContext } from '../context.js';
import { marketFormat } from '../marketPrecision.js';
import { parseDate, parseInteger } from '../options.js';
import { textTable } from '../textTable.js';
import { listTrades, type ListedTrade } from '../tradeListing.js';
import { TRADES_CSV_HEADER } from '../../backtest/report/csv.js';

interface TradesOptions {
  epoch?: number;
  from?: number;
  to?: number;
  json?: boolean;
  csv?: boolean;
}

const NO_EPOCH = 'no portfolio yet: bot run --sandbox (or bot reset --capital N) starts one';
// The backtest's trades.csv columns, with the status an epoch's open positions need in front.
const CSV_HEADER = ['status', ...TRADES_CSV_HEADER];

function csvRow(t: ListedTrade): string {
  const iso = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString());
  return [
    t.status,
    t.symbol,
    t.side,
    iso(t.entryTime),
    t.entryPrice,
    iso(t.exitTime),
    t.exitPrice,
    t.quantity,
    t.leverage,
    t.pnl,
    t.fees,
    t.financing,
    t.net,
    t.exitReason,
    t.positionId,
  ]
    .map((v) => csvField(String(v)))
    .join(',');
}

export function registerTrades(program: Command, ctx: CliContext): void {
  program
    .command('trades')
    .description('closed trades and open positions of a paper or live epoch, with fees and financing per trade')
    .option('--epoch <n>', 'the epoch (default: the latest; bot status --epochs lists them)', parseInteger)
    .option('--from <date>', 'only trades open at or after this date (UTC)', parseDate)
    .option('--to <date>', 'only trades opened before this date (UTC)', parseDate)
    .option('--json', 'print JSON')
    .option('--csv', 'print CSV (one row per trade, open positions marked "open")')
    .addHelpText('after', '\nExamples:\n  bot trades\n  bot trades --epoch 2 --from 2025-01-01 --csv > trades.csv')
    .action((opts: TradesOptions) => {
      if (opts.json && opts.csv) throw new UserError('--json and --csv cannot be used together', { hint: 'choose one output format' });
      if (opts.from !== undefined && opts.to !== undefined && !(opts.to > opts.from)) throw new UserError('--to must be after --from');
      const { config } = ctx.config();
      const store = ctx.readStore();
      if (!store) {
        if (opts.epoch !== undefined)
          throw new UserError(`no epoch ${opts.epoch} in this home: it has no database yet`, { hint: 'bot run starts the first epoch' });
        ctx.io.out(NO_EPOCH);
        return;
      }
      try {
        const epochs = store.trading.epochs();
        const epoch = opts.epoch === undefined ? epochs.at(-1) : epochs.find((e) => e.id === opts.epoch);
        if (!epoch) {
          if (opts.epoch === undefined) {
            ctx.io.out(NO_EPOCH);
            return;
          }
          throw new UserError(`no epoch ${opts.epoch} in this home`, {
            hint: epochs.length ? `the epochs are ${epochs.map((e) => e.id).join(', ')}` : 'no epoch yet: bot run starts one',
          });
        }
        const status = portfolioStatus(store, epoch, config.timeframe, 0);
        const trades = listTrades(store, epoch.id, status.positions, status.markedAt === null ? null : Date.parse(status.markedAt), opts.from, opts.to);
        const mode = status.mode;
        if (opts.json) {
          const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
          ctx.io.out(
            JSON.stringify({ epoch: epoch.id, mode, trades: trades.map((t) => ({ ...t, entryTime: iso(t.entryTime), exitTime: iso(t.exitTime) })) }, null, 2),
          );
          return;
        }
        if (opts.csv) {
          ctx.io.out([CSV_HEADER.join(','), ...trades.map(csvRow)].join('\n'));
          return;
        }
        ctx.io.out(
          `epoch ${epoch.id} (${mode}): ${trades.filter((t) => t.status === 'closed').length} closed trades, ${trades.filter((t) => t.status === 'open').length} open`,
        );
        if (trades.length === 0) return;
        const f = marketFormat(config);
        const header = [
          '#',
          'asset',
          'side',
          'entry (UTC)',
          'entry price',
          'exit (UTC)',
          'exit price',
          'quantity',
          'lev',
          'P&L',
          'fees',
          'financing',
          'net',
          'exit',
        ];
        const rows = trades.map((t, i) => [
          String(i + 1),
          t.symbol,
          t.side,
          utcText(t.entryTime),
          f.price(t.symbol, t.entryPrice),
          t.status === 'open' ? `(mark ${t.exitTime === null ? '-' : utcText(t.exitTime)})` : utcText(t.exitTime ?? 0),
          f.price(t.symbol, t.exitPrice),
          f.amount(t.symbol, t.quantity),
          `${t.leverage}x`,
          money(t.pnl),
          money(t.fees),
          money(t.financing),
          money(t.net),
          t.exitReason.replace('_', '-'),
        ]);
        ctx.io.out(textTable(header, rows, [0, 4, 6, 7, 8, 9, 10, 11, 12]));
        const total = (pick: (t: ListedTrade) => number) => money(trades.reduce((a, t) => a + pick(t), 0));
        ctx.io.out(
          `total: P&L ${total((t) => t.pnl)}   fees ${total((t) => t.fees)}   financing ${total((t) => t.financing)}   net ${total((t) => t.net)} USD (open positions at their mark)`,
        );
      } finally {
        store.close();
      }
    });
}
