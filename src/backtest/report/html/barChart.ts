import { escapeHtml } from './escape.js';
import { niceTicks } from './ticks.js';

export interface BarGroup {
  readonly label: string;
  /** One value per series, in the series' order. */
  readonly values: readonly number[];
}

export interface BarChartOptions {
  readonly title: string;
  readonly series: readonly { readonly name: string; readonly color: string }[];
  readonly groups: readonly BarGroup[];
  /** A tick label; `step` is the distance between ticks, to choose the decimals. */
  readonly formatY: (y: number, step: number) => string;
  /** The value in a bar's tooltip; formatY when absent. */
  readonly formatValue?: (y: number) => string;
  readonly width?: number;
  readonly height?: number;
}

const MARGIN = { top: 28, right: 16, bottom: 40, left: 76 };

function coord(v: number): string {
  return (Math.round(v * 10) / 10).toString();
}

/** Grouped vertical bars from a zero line, as inline SVG; each bar carries its value as a native tooltip. */
export function barChart(o: BarChartOptions): string {
  const width = o.width ?? 960;
  const height = o.height ?? 300;
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const label = escapeHtml(o.title);
  const values = o.groups.flatMap((g) => g.values).filter((v) => Number.isFinite(v));
  if (o.groups.length === 0 || values.length === 0) {
    return `<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${label}"><text x="${width / 2}" y="${height / 2}" text-anchor="middle">no data</text></svg>`;
  }
  const yt = niceTicks(Math.min(0, ...values), Math.max(0, ...values), 5);
  const sy = (y: number): number => MARGIN.top + plotH - ((y - yt.min) / (yt.max - yt.min)) * plotH;
  const zero = sy(0);
  const groupW = plotW / o.groups.length;
  const barW = Math.max(2, Math.min(48, (groupW * 0.7) / o.series.length));

  const parts: string[] = [`<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${label}">`];
  parts.push(`<text class="title" x="${MARGIN.left}" y="16">${label}</text>`);
  for (const v of yt.values) {
    const y = coord(sy(v));
    parts.push(`<line class="grid" x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${y}" y2="${y}"/>`);
    parts.push(`<text class="tick" x="${MARGIN.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle">${escapeHtml(o.formatY(v, yt.step))}</text>`);
  }
  o.groups.forEach((g, gi) => {
    const left = MARGIN.left + gi * groupW + (groupW - barW * o.series.length) / 2;
    g.values.forEach((v, si) => {
      const s = o.series[si];
      if (!s || !Number.isFinite(v)) return;
      const y = sy(v);
      const tip = escapeHtml(`${g.label}, ${s.name}: ${o.formatValue ? o.formatValue(v) : o.formatY(v, yt.step)}`);
      parts.push(
        `<rect x="${coord(left + si * barW)}" y="${coord(Math.min(y, zero))}" width="${coord(barW - 1)}" height="${coord(Math.abs(zero - y))}" fill="${escapeHtml(s.color)}"><title>${tip}</title></rect>`,
      );
    });
    parts.push(
      `<text class="tick" x="${coord(MARGIN.left + (gi + 0.5) * groupW)}" y="${MARGIN.top + plotH + 18}" text-anchor="middle">${escapeHtml(g.label)}</text>`,
    );
  });
  parts.push(`<line class="axis" x1="${MARGIN.left}" x2="${width - MARGIN.right}" y1="${coord(zero)}" y2="${coord(zero)}"/>`);
  parts.push(`<line class="axis" x1="${MARGIN.left}" x2="${MARGIN.left}" y1="${MARGIN.top}" y2="${MARGIN.top + plotH}"/>`);

  let lx = width - MARGIN.right;
  for (const s of [...o.series].reverse()) {
    lx -= 16 + s.name.length * 7;
    parts.push(
      `<rect x="${lx}" y="8" width="10" height="10" fill="${escapeHtml(s.color)}"/><text class="legend" x="${lx + 14}" y="17">${escapeHtml(s.name)}</text>`,
    );
    lx -= 12;
  }
  parts.push('</svg>');
  return parts.join('');
}
