import { COMPARISON_COLUMNS, comparisonRows } from './comparison.js';
import type { BacktestReport } from './types.js';

/**
 * The comparison as aligned plain-text lines for the terminal: labels left, figures right, a blank line
 * before each asset. A line with a note instead of figures does not widen the columns.
 */
export function comparisonText(report: BacktestReport): string[] {
  const rows = comparisonRows(report);
  const header = ['', '', ...COMPARISON_COLUMNS.map(([short]) => short)];
  const body = rows.map((r) => [r.scope, r.strategy, ...(r.cells ?? []).map((c) => c.text)]);
  const widths = header.map((h, k) => Math.max(h.length, ...body.filter((_, i) => rows[i]!.cells).map((cells) => cells[k]?.length ?? 0)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, k) => (k < 2 ? c.padEnd(widths[k]!) : c.padStart(widths[k]!)))
      .join('  ')
      .trimEnd();
  const out = [line(header)];
  rows.forEach((r, i) => {
    if (i > 0 && r.scope !== rows[i - 1]!.scope) out.push('');
    const scope = i > 0 && r.scope === rows[i - 1]!.scope ? '' : r.scope;
    out.push(r.cells ? line([scope, ...body[i]!.slice(1)]) : `${line([scope, r.strategy])}  ${r.note ?? ''}`);
  });
  return out;
}
