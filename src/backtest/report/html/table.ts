import { escapeHtml } from './escape.js';

/** A cell: text (escaped here), whether it is a number (right-aligned), and how many columns it spans. */
export type Cell = string | { readonly text: string; readonly numeric?: boolean; readonly className?: string; readonly span?: number };

function cell(tag: 'td' | 'th', c: Cell): string {
  if (typeof c === 'string') return `<${tag}>${escapeHtml(c)}</${tag}>`;
  const classes = [c.numeric ? 'num' : '', c.className ?? ''].filter(Boolean).join(' ');
  const span = c.span !== undefined && c.span > 1 ? ` colspan="${c.span}"` : '';
  return `<${tag}${classes ? ` class="${escapeHtml(classes)}"` : ''}${span}>${escapeHtml(c.text)}</${tag}>`;
}

export function num(text: string, className?: string): Cell {
  return className === undefined ? { text, numeric: true } : { text, numeric: true, className };
}

/** A signed figure, coloured by its sign. */
export function signed(value: number | null, text: string): Cell {
  return num(text, value === null || value === 0 ? undefined : value > 0 ? 'pos' : 'neg');
}

export function table(header: readonly Cell[], rows: readonly (readonly Cell[])[], className = ''): string {
  const head = `<thead><tr>${header.map((h) => cell('th', h)).join('')}</tr></thead>`;
  const body = `<tbody>${rows.map((r) => `<tr>${r.map((c) => cell('td', c)).join('')}</tr>`).join('')}</tbody>`;
  return `<table${className ? ` class="${escapeHtml(className)}"` : ''}>${head}${body}</table>`;
}
