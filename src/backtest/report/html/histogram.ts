import { escapeHtml } from './escape.js';
import { niceTicks } from './ticks.js';

export interface HistogramOptions {
  readonly title: string;
  readonly values: readonly number[];
  /** An edge's label; `step` is the bin width, to choose the decimals. */
  readonly formatX: (x: number, step: number) => string;
  /** About this many bins; edges fall on round values, 0 among them when the values cross it. */
  readonly bins?: number;
  readonly positive?: string;
  readonly negative?: string;
}

const W = 960;
const H = 280;
const M = { top: 28, right: 16, bottom: 40, left: 56 };
const c = (v: number) => (Math.round(v * 10) / 10).toString();

/** How many of `values` fall in each bin: inline SVG bars, coloured by the sign of the bin, each with a tooltip. */
export function histogram(o: HistogramOptions): string {
  const label = escapeHtml(o.title);
  const values = o.values.filter((v) => Number.isFinite(v));
  if (values.length === 0) {
    return `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${label}"><text x="${W / 2}" y="${H / 2}" text-anchor="middle">no closed trades</text></svg>`;
  }
  const xt = niceTicks(Math.min(...values), Math.max(...values), (o.bins ?? 16) + 1);
  const bins = Math.max(1, Math.round((xt.max - xt.min) / xt.step));
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.floor((v - xt.min) / xt.step))]! += 1;
  const yt = niceTicks(0, Math.max(...counts), 5);
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const sx = (x: number) => M.left + ((x - xt.min) / (xt.max - xt.min)) * plotW;
  const sy = (y: number) => M.top + plotH - ((y - yt.min) / (yt.max - yt.min)) * plotH;
  const parts = [`<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${label}">`, `<text class="title" x="${M.left}" y="16">${label}</text>`];
  for (const v of yt.values) {
    if (!Number.isInteger(v)) continue;
    parts.push(`<line class="grid" x1="${M.left}" x2="${W - M.right}" y1="${c(sy(v))}" y2="${c(sy(v))}"/>`);
    parts.push(`<text class="tick" x="${M.left - 6}" y="${c(sy(v))}" text-anchor="end" dominant-baseline="middle">${v}</text>`);
  }
  counts.forEach((n, i) => {
    if (n === 0) return;
    const lo = xt.min + i * xt.step;
    const color = lo + xt.step <= 0 ? (o.negative ?? '#b3261e') : (o.positive ?? '#147a3d');
    const tip = escapeHtml(`${o.formatX(lo, xt.step)} to ${o.formatX(lo + xt.step, xt.step)}: ${n} trade${n === 1 ? '' : 's'}`);
    parts.push(
      `<rect x="${c(sx(lo) + 1)}" y="${c(sy(n))}" width="${c(Math.max(1, sx(lo + xt.step) - sx(lo) - 2))}" height="${c(sy(0) - sy(n))}" fill="${color}"><title>${tip}</title></rect>`,
    );
  });
  const every = Math.ceil((bins + 1) / 12);
  for (let i = 0; i <= bins; i += every) {
    const x = xt.min + i * xt.step;
    parts.push(`<text class="tick" x="${c(sx(x))}" y="${M.top + plotH + 18}" text-anchor="middle">${escapeHtml(o.formatX(x, xt.step))}</text>`);
  }
  parts.push(`<line class="axis" x1="${M.left}" x2="${W - M.right}" y1="${c(sy(0))}" y2="${c(sy(0))}"/>`);
  if (xt.min < 0 && xt.max > 0) parts.push(`<line class="axis" x1="${c(sx(0))}" x2="${c(sx(0))}" y1="${M.top}" y2="${M.top + plotH}"/>`);
  parts.push('</svg>');
  return parts.join('');
}
