import { downsample, type XY } from './downsample.js';
import { escapeHtml } from './escape.js';
import { niceTicks, timeTicks } from './ticks.js';

export interface LineSeries {
  readonly name: string;
  /** A CSS colour. */
  readonly color: string;
  readonly points: readonly XY[];
  /** Fill between the line and y = 0. */
  readonly area?: boolean;
}

export interface LineChartOptions {
  readonly title: string;
  readonly series: readonly LineSeries[];
  /** A tick label; `step` is the distance between ticks, to choose the decimals. */
  readonly formatY: (y: number, step: number) => string;
  readonly width?: number;
  readonly height?: number;
  /** Include y = 0 in the axis (drawdown, returns). */
  readonly includeZero?: boolean;
  readonly maxPoints?: number;
}

const MARGIN = { top: 28, right: 16, bottom: 30, left: 76 };

function coord(v: number): string {
  return (Math.round(v * 10) / 10).toString();
}

/** An inline SVG line chart with a time x axis: nothing external, no script. */
export function lineChart(o: LineChartOptions): string {
  const width = o.width ?? 960;
  const height = o.height ?? 320;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const lines = o.series.map((s) => ({ ...s, points: downsample(s.points, o.maxPoints ?? 1500) }));
  const all = lines.flatMap((s) => s.points);
  const label = escapeHtml(o.title);
  if (all.length === 0) {
    return `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${label}"><text x="${width / 2}" y="${height / 2}" text-anchor="middle">no data</text></svg>`;
  }

  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = o.includeZero ? 0 : Infinity;
  let y1 = o.includeZero ? 0 : -Infinity;
  for (const p of all) {
    x0 = Math.min(x0, p.x);
    x1 = Math.max(x1, p.x);
    y0 = Math.min(y0, p.y);
    y1 = Math.max(y1, p.y);
  }
  const yt = niceTicks(y0, y1, 5);
  const sx = (x: number): number => MARGIN.left + (x1 > x0 ? ((x - x0) / (x1 - x0)) * plotW : plotW / 2);
  const sy = (y: number): number => MARGIN.top + plotH - ((y - yt.min) / (yt.max - yt.min)) * plotH;

  const parts: string[] = [];
  parts.push(`<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${label}">`);
  parts.push(`<text class="title" x="${MARGIN.left}" y="16">${label}</text>`);
  for (const v of yt.values) {
    const y = coord(sy(v));
    parts.push(`<line class="grid" x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${y}" y2="${y}"/>`);
    parts.push(`<text class="tick" x="${MARGIN.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${escapeHtml(o.formatY(v, yt.step))}</text>`);
  }
  for (const t of timeTicks(x0, x1, 6)) {
    const x = coord(sx(t.time));
    parts.push(`<line class="axis" x1="${x}" x2="${x}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH + 4}"/>`);
    parts.push(`<text class="tick" x="${x}" y="${MARGIN.top + plotH + 18}" text-anchor="middle">${escapeHtml(t.label)}</text>`);
  }
  parts.push(`<line class="axis" x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}"/>`);
  parts.push(`<line class="axis" x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${MARGIN.top + plotH}" y2="${MARGIN.top + plotH}"/>`);

  for (const s of lines) {
    const pts = s.points.map((p) => `${coord(sx(p.x))},${coord(sy(p.y))}`).join(' ');
    if (s.area && s.points.length > 0) {
      const base = coord(sy(Math.min(Math.max(0, yt.min), yt.max)));
      const first = coord(sx(s.points[0]!.x));
      const last = coord(sx(s.points[s.points.length - 1]!.x));
      parts.push(`<polygon points="${first},${base} ${pts} ${last},${base}" fill="${escapeHtml(s.color)}" fill-opacity="0.25" stroke="none"/>`);
    }
    parts.push(
      `<polyline points="${pts}" fill="none" stroke="${escapeHtml(s.color)}" stroke-width="1.5" stroke-linejoin="round"><title>${escapeHtml(s.name)}</title></polyline>`,
    );
  }

  let lx = width - MARGIN.right;
  for (const s of [...lines].reverse()) {
    const name = escapeHtml(s.name);
    lx -= 16 + s.name.length * 7;
    parts.push(`<rect x="${lx}" y="8" width="10" height="10" fill="${escapeHtml(s.color)}"/><text class="legend" x="${lx + 14}" y="17">${name}</text>`);
    lx -= 12;
  }
  parts.push('</svg>');
  return parts.join('');
}
