import type { MonthlyReturn } from '../monthlyReturns.js';
import { percent } from '../format.js';
import { escapeHtml } from './escape.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A cell's background: green for a gain, red for a loss, stronger the larger it is against the largest month. */
function shade(value: number, largest: number): string {
  const alpha = largest > 0 ? Math.min(1, Math.abs(value) / largest) * 0.55 + 0.05 : 0;
  return value >= 0 ? `rgba(20,122,61,${alpha.toFixed(2)})` : `rgba(179,38,30,${alpha.toFixed(2)})`;
}

/** Monthly returns as a year-by-month table, each cell shaded by its sign and size, the year compounded at the end. */
export function monthlyTable(months: readonly MonthlyReturn[]): string {
  if (months.length === 0) return '<p class="note">No full month in this run.</p>';
  const largest = Math.max(...months.map((m) => Math.abs(m.value)));
  const years = [...new Set(months.map((m) => m.year))];
  const head = `<thead><tr><th>Year</th>${MONTHS.map((m) => `<th class="num">${m}</th>`).join('')}<th class="num">Year</th></tr></thead>`;
  const rows = years.map((y) => {
    const of = months.filter((m) => m.year === y);
    const cells = MONTHS.map((_, i) => {
      const m = of.find((x) => x.month === i);
      return m === undefined
        ? '<td class="num"></td>'
        : `<td class="num" style="background:${shade(m.value, largest)}">${escapeHtml(percent(m.value, 1))}</td>`;
    });
    const year = of.reduce((a, m) => a * (1 + m.value), 1) - 1;
    return `<tr><th>${y}</th>${cells.join('')}<td class="num ${year > 0 ? 'pos' : year < 0 ? 'neg' : ''}"><strong>${escapeHtml(percent(year, 1))}</strong></td></tr>`;
  });
  return `<table class="monthly">${head}<tbody>${rows.join('')}</tbody></table>`;
}
