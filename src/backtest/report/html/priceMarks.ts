import type { Symbol } from '../../../domain/bar.js';
import type { Fill } from '../../../domain/fill.js';
import type { ClosedPosition } from '../../../domain/ports.js';
import type { ClosePoint } from '../types.js';

/** What a fill did to its position, as the price chart marks it. */
export type MarkRole = 'entry' | 'add' | 'reduce' | 'exit' | 'stop' | 'takeProfit' | 'liquidation';
export const MARK_ROLES: readonly MarkRole[] = ['entry', 'add', 'reduce', 'exit', 'stop', 'takeProfit', 'liquidation'];

/** [bar index, price, +1 buy / -1 sell]. */
export type Mark = readonly [index: number, price: number, side: 1 | -1];
/** A protective level held over [from, to] (bar indexes). */
export type Level = readonly [from: number, to: number, price: number];

export interface PriceChartData {
  readonly symbol: Symbol;
  /** First bar time in seconds, then the gaps between bars in seconds (compact: mostly one number repeated). */
  readonly t0: number;
  readonly dt: readonly number[];
  readonly close: readonly number[];
  readonly marks: Readonly<Record<MarkRole, readonly Mark[]>>;
  /** The stop and the take-profit of every closed position, as they stood when it closed. */
  readonly stops: readonly Level[];
  readonly takeProfits: readonly Level[];
}

/** Index of the last close at or before `time` (0 before the first). */
function indexAt(times: readonly number[], time: number): number {
  let lo = 0;
  let hi = times.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (times[mid]! <= time) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function roleOf(f: Fill, finalExit: ReadonlySet<string>): MarkRole {
  switch (f.effect) {
    case 'open':
      return 'entry';
    case 'increase':
      return 'add';
    case 'close':
      return finalExit.has(f.id) ? 'exit' : 'reduce';
    case 'stop':
      return 'stop';
    case 'take_profit':
      return 'takeProfit';
    case 'liquidation':
      return 'liquidation';
  }
}

/**
 * The price chart of one asset: its closes, a mark per fill by what it did (an entry, an add, a reduction,
 * the exit: by signal, stop, take-profit or liquidation), and the stop and take-profit levels of each
 * closed position from its entry to its exit.
 */
export function priceChartData(symbol: Symbol, closes: readonly ClosePoint[], fills: readonly Fill[], closed: readonly ClosedPosition[]): PriceChartData {
  const times = closes.map((c) => c.time);
  const own = fills.filter((f) => f.symbol === symbol);
  const closedHere = closed.filter((c) => c.position.symbol === symbol);
  // A position's exit is its last closing fill; earlier closing fills of it reduced it.
  const lastClosing = new Map<string, Fill>();
  for (const f of own) if (f.effect !== 'open' && f.effect !== 'increase') lastClosing.set(f.positionId, f);
  const finalExit = new Set(closedHere.flatMap((c) => lastClosing.get(c.position.id)?.id ?? []));
  const marks: Record<MarkRole, Mark[]> = { entry: [], add: [], reduce: [], exit: [], stop: [], takeProfit: [], liquidation: [] };
  if (times.length > 0) for (const f of own) marks[roleOf(f, finalExit)].push([indexAt(times, f.time), f.price, f.side === 'buy' ? 1 : -1]);
  const levels = (price: (c: ClosedPosition) => number | undefined): Level[] =>
    times.length === 0
      ? []
      : closedHere.flatMap((c) => {
          const p = price(c);
          return p === undefined ? [] : [[indexAt(times, c.position.entryTime), indexAt(times, c.exitTime), p] as const];
        });
  const t0 = Math.round((times[0] ?? 0) / 1000);
  const dt = times.slice(1).map((t, i) => Math.round((t - times[i]!) / 1000));
  return {
    symbol,
    t0,
    dt,
    close: closes.map((c) => c.close),
    marks,
    stops: levels((c) => c.position.stopPrice),
    takeProfits: levels((c) => c.position.takeProfitPrice),
  };
}
