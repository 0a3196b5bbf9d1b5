import type { IterationReport, LoopErrorKind, LoopObserver } from '../daemon/heartbeat.js';
import { money } from '../backtest/report/format.js';
import type { Fill } from '../domain/fill.js';
import type { Notifier } from './notifier.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface DaemonNotificationOptions {
  readonly notifier: Notifier;
  /** "paper" or "LIVE", at the start of every message. */
  readonly mode: string;
  readonly dailySummaryHourUtc: number;
  /** A price or amount as the market shows it. */
  readonly price: (symbol: string, value: number) => string;
  readonly amount: (symbol: string, value: number) => string;
}

const FILL_WORDS: Record<Fill['effect'], string> = {
  open: 'opened',
  increase: 'added to',
  close: 'closed',
  stop: 'STOPPED OUT',
  take_profit: 'took profit on',
  liquidation: 'LIQUIDATED',
};

/**
 * The loop's iterations as messages: every fill (stop-outs and liquidations as their own kind), the kill
 * switch halting and releasing entries, and once a day a summary (equity, the day's change, fills, fees).
 * A LoopObserver, so the loop calls it and goes on: the notifier only queues.
 */
export function daemonNotifications(o: DaemonNotificationOptions): LoopObserver {
  let halted: string | undefined;
  let day: number | undefined;
  let dayStart: { equity: number; fills: number; fees: number } | undefined;
  let fills = 0;
  let fees = 0;
  const tag = `[bot ${o.mode}]`;
  return {
    iteration(r: IterationReport): void {
      for (const f of r.outcome?.fills ?? []) {
        fills++;
        fees += f.fee;
        const stopped = f.effect === 'stop' || f.effect === 'liquidation';
        const pnl = f.effect === 'open' || f.effect === 'increase' ? '' : `, P&L ${money(f.realizedPnl)}`;
        o.notifier.notify({
          kind: stopped ? 'stop_out' : 'fill',
          time: f.time,
          text: `${tag} ${FILL_WORDS[f.effect]} ${f.symbol}: ${f.side} ${o.amount(f.symbol, f.quantity)} @ ${o.price(f.symbol, f.price)}, fee ${money(f.fee)}${pnl}`,
          fields: { symbol: f.symbol, effect: f.effect, side: f.side, quantity: f.quantity, price: f.price, fee: f.fee, realizedPnl: f.realizedPnl },
        });
      }
      if (r.halted !== halted) {
        o.notifier.notify({
          kind: 'kill_switch',
          time: r.time,
          text:
            r.halted !== undefined
              ? `${tag} KILL SWITCH: new entries halted (${r.halted}); equity ${money(r.equity)}`
              : `${tag} kill switch released: new entries allowed again; equity ${money(r.equity)}`,
          fields: { halted: r.halted ?? null, equity: r.equity },
        });
        halted = r.halted;
      }
      // Days run from dailySummaryHourUtc to the same hour the next day.
      const today = Math.floor((r.time - o.dailySummaryHourUtc * HOUR) / DAY);
      if (day !== undefined && today !== day && dayStart) {
        const change = r.equity - dayStart.equity;
        o.notifier.notify({
          kind: 'daily_summary',
          time: r.time,
          text: `${tag} daily summary to ${new Date(r.time).toISOString().slice(0, 16).replace('T', ' ')} UTC: equity ${money(r.equity)} (${change >= 0 ? '+' : ''}${money(change)}, ${dayStart.equity > 0 ? ((100 * change) / dayStart.equity).toFixed(2) : '0.00'}%), cash ${money(r.cash)}, ${r.positions} open position${r.positions === 1 ? '' : 's'}, ${fills - dayStart.fills} fills, fees ${money(fees - dayStart.fees)}`,
          fields: { equity: r.equity, change, cash: r.cash, positions: r.positions, fills: fills - dayStart.fills, fees: fees - dayStart.fees },
        });
      }
      if (day === undefined || today !== day) dayStart = { equity: r.equity, fills, fees };
      day = today;
    },
    error(_kind: LoopErrorKind): void {
      // Errors that stop the daemon are told once, by the caller, with their message.
    },
  };
}
