/** The report's whole stylesheet, inlined: the file must read the same offline and in ten years. */
export const STYLES = `
:root { color-scheme: light; --fg: #1d2330; --muted: #5d6678; --line: #d9dde5; --pos: #147a3d; --neg: #b3261e; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1040px; padding: 24px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
p.meta, p.note { color: var(--muted); margin: 4px 0; }
code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; word-break: break-all; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; }
th, td { padding: 4px 8px; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
th { background: #f4f6f9; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.pos { color: var(--pos); } td.neg { color: var(--neg); }
table.trades { font-size: 12.5px; }
.scroll { overflow-x: auto; }
svg.chart { width: 100%; height: auto; display: block; margin: 8px 0; font-size: 11px; }
svg.chart .title { font-size: 13px; font-weight: 600; fill: var(--fg); }
svg.chart .tick, svg.chart .legend { fill: var(--muted); }
svg.chart .grid { stroke: #eceef2; }
svg.chart .axis { stroke: #9aa1ad; }
details pre { background: #f4f6f9; padding: 8px; overflow-x: auto; font-size: 12px; }
`;
