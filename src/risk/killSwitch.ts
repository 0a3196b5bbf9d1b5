import type { Symbol } from '../domain/bar.js';
import type { Target } from '../domain/target.js';

/** Limits past which the daemon stops opening positions. Fractions of equity. */
export interface KillSwitchSettings {
  /** Loss since the start of the UTC day, from the day's opening equity. */
  readonly dailyLoss: number;
  /** Fall from the epoch's equity peak. */
  readonly maxDrawdown: number;
  /** Also close every open position while halted (otherwise they keep their stops and are left to run). */
  readonly flatten: boolean;
}

/**
 * What the kill switch knows, folded from the equity curve point by point. A restart folds the stored
 * curve and so arrives at the same state as the run that wrote it.
 */
export interface KillSwitchState {
  readonly peak: number;
  /** UTC day (days since 1970) of the last point folded; -1 before any. */
  readonly day: number;
  /** Equity the day opened with: the last point of an earlier day, else the day's first. */
  readonly dayOpen: number;
  readonly last: number;
  /** Latched: the drawdown limit was reached once; only a new epoch clears it. */
  readonly drawdownTrip?: { readonly time: number; readonly drawdown: number; readonly peak: number };
  /** Latched for the rest of that UTC day. */
  readonly dailyTrip?: { readonly day: number; readonly time: number; readonly loss: number; readonly dayOpen: number };
}

export type KillSwitchVerdict = { readonly halted: false } | { readonly halted: true; readonly reason: string };

const DAY_MS = 86_400_000;
const dayOf = (time: number): number => Math.floor(time / DAY_MS);
const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;

export const KILL_SWITCH_IDLE: KillSwitchState = { peak: 0, day: -1, dayOpen: 0, last: 0 };

/** One more point of the equity curve. */
export function foldEquity(state: KillSwitchState, point: { readonly time: number; readonly equity: number }, settings: KillSwitchSettings): KillSwitchState {
  const { time, equity } = point;
  if (!Number.isFinite(equity)) return state;
  const day = dayOf(time);
  const newDay = day !== state.day;
  const dayOpen = !newDay ? state.dayOpen : state.day < 0 ? equity : state.last;
  const peak = Math.max(state.peak, equity);
  const drawdown = peak > 0 ? 1 - equity / peak : 0;
  const loss = dayOpen > 0 ? 1 - equity / dayOpen : 0;
  const drawdownTrip = state.drawdownTrip ?? (drawdown >= settings.maxDrawdown ? { time, drawdown, peak } : undefined);
  const sameDayTrip = state.dailyTrip && state.dailyTrip.day === day ? state.dailyTrip : undefined;
  const dailyTrip = sameDayTrip ?? (loss >= settings.dailyLoss ? { day, time, loss, dayOpen } : undefined);
  return { peak, day, dayOpen, last: equity, ...(drawdownTrip && { drawdownTrip }), ...(dailyTrip && { dailyTrip }) };
}

/** The state after a whole stored curve (oldest first). */
export function killSwitchFromCurve(curve: readonly { readonly time: number; readonly equity: number }[], settings: KillSwitchSettings): KillSwitchState {
  return curve.reduce((s, p) => foldEquity(s, p, settings), KILL_SWITCH_IDLE);
}

/** Whether new entries are halted at `time`, and why (a sentence for the decision log). */
export function killSwitchVerdict(state: KillSwitchState, time: number, settings: KillSwitchSettings): KillSwitchVerdict {
  const reasons: string[] = [];
  const dd = state.drawdownTrip;
  if (dd) {
    reasons.push(
      `drawdown ${pct(dd.drawdown)} from the equity peak ${dd.peak.toFixed(2)} reached the limit ${pct(settings.maxDrawdown)} at ${new Date(dd.time).toISOString()} (a new epoch clears it: bot reset, or --reset)`,
    );
  }
  const daily = state.dailyTrip;
  if (daily && daily.day === dayOf(time)) {
    reasons.push(
      `daily loss ${pct(daily.loss)} from the day's opening equity ${daily.dayOpen.toFixed(2)} reached the limit ${pct(settings.dailyLoss)} (entries resume on the next UTC day)`,
    );
  }
  return reasons.length === 0 ? { halted: false } : { halted: true, reason: `kill switch: ${reasons.join('; ')}` };
}

/**
 * The portfolio's target for one symbol as the kill switch lets it through: nothing that opens or adds
 * exposure; closes and reductions as asked; with `flatten`, a close for every open position.
 */
export function restrictTarget(
  symbol: Symbol,
  target: Target | undefined,
  hasPosition: boolean,
  verdict: KillSwitchVerdict,
  flatten: boolean,
): Target | undefined {
  if (!verdict.halted) return target;
  const close = (why: string): Target => ({ symbol, side: 'flat', weight: 0, action: 'close', reason: `${why}: ${verdict.reason}` });
  if (hasPosition && flatten) return close('flattening');
  if (!target) return undefined;
  switch (target.action) {
    case 'open':
      return { ...target, side: 'flat', weight: 0, action: 'none', reason: `no new entry; ${verdict.reason}` };
    case 'flip':
      return hasPosition ? close('closing, no new entry') : { ...target, side: 'flat', weight: 0, action: 'none', reason: `no new entry; ${verdict.reason}` };
    default:
      return target;
  }
}
