/** Axis ticks at round values: steps of 1, 2, 2.5 or 5 times a power of ten. */
export interface Ticks {
  /** The domain, widened to whole steps around the data. */
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly values: number[];
}

function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  // Less a hair, so that float noise (0.1 + 0.2) does not push a round step to the next one.
  const f = (rough / power) * (1 - 1e-9);
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * power;
}

/** About `target` ticks covering [lo, hi]; a flat range is widened so it still has an axis. */
export function niceTicks(lo: number, hi: number, target = 5): Ticks {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw new RangeError(`ticks: range [${lo}, ${hi}] is not finite`);
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi === lo) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.05;
    lo -= pad;
    hi += pad;
  }
  const step = niceStep((hi - lo) / Math.max(1, target - 1));
  const min = Math.floor(lo / step + 1e-9) * step;
  const max = Math.ceil(hi / step - 1e-9) * step;
  const values: number[] = [];
  // Rounded to the step's own precision, so 0.1 + 0.2 shows as 0.3.
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 2);
  for (let k = 0; min + k * step <= max + step * 1e-9; k++) values.push(Number((min + k * step).toFixed(digits)));
  return { min, max, step, values };
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const FIXED_STEPS = [HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY];
const MONTH_STEPS = [1, 2, 3, 6, 12, 24, 60, 120];

export interface TimeTick {
  readonly time: number;
  readonly label: string;
}

function monthStart(t: number): { y: number; m: number } {
  const d = new Date(t);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() };
}

/**
 * At most about `target` ticks in [from, to], at round UTC times: whole hours or days for spans under
 * two months (labelled "MM-DD" or "MM-DD HH:mm"), first days of months beyond ("YYYY-MM").
 */
export function timeTicks(from: number, to: number, target = 6): TimeTick[] {
  const span = to - from;
  if (!(span > 0)) return [{ time: from, label: new Date(from).toISOString().slice(0, 10) }];
  if (span <= 60 * DAY) {
    const step = FIXED_STEPS.find((s) => span / s <= target) ?? 28 * DAY;
    const ticks: TimeTick[] = [];
    for (let t = Math.ceil(from / step) * step; t <= to; t += step) {
      const iso = new Date(t).toISOString();
      ticks.push({ time: t, label: step < DAY ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(5, 10) });
    }
    return ticks;
  }
  const months = span / (30.44 * DAY);
  const every = MONTH_STEPS.find((k) => months / k <= target) ?? Math.ceil(months / target / 12) * 12;
  const start = monthStart(from);
  let index = start.y * 12 + start.m;
  index = Math.ceil(index / every) * every;
  const ticks: TimeTick[] = [];
  for (; ; index += every) {
    const t = Date.UTC(Math.floor(index / 12), index % 12, 1);
    if (t > to) break;
    if (t >= from) ticks.push({ time: t, label: new Date(t).toISOString().slice(0, 7) });
  }
  return ticks;
}
