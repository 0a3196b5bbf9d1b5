export interface CurvePoint {
  epoch: number;
  loss: number;
  valLoss: number;
}

const W = 640;
const H = 360;
const PAD = { left: 56, right: 16, top: 36, bottom: 40 };

/** Training and validation loss per epoch as a self-contained SVG, best epoch marked. */
export function trainingCurveSvg(points: readonly CurvePoint[], title: string, bestEpoch: number): string {
  const finite = points.flatMap((p) => [p.loss, p.valLoss]).filter(Number.isFinite);
  const lo = finite.length ? Math.min(...finite) : 0;
  const hi = finite.length ? Math.max(...finite) : 1;
  const span = hi - lo || 1;
  const lastEpoch = Math.max(1, ...points.map((p) => p.epoch));
  const x = (epoch: number) => PAD.left + ((epoch - 1) / Math.max(1, lastEpoch - 1)) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - (v - lo) / span) * (H - PAD.top - PAD.bottom);
  const line = (pick: (p: CurvePoint) => number) =>
    points
      .filter((p) => Number.isFinite(pick(p)))
      .map((p) => `${x(p.epoch).toFixed(1)},${y(pick(p)).toFixed(1)}`)
      .join(' ');
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => lo + f * span);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${escapeXml(title)}</text>`,
    `<line x1="${PAD.left}" y1="${H - PAD.bottom}" x2="${W - PAD.right}" y2="${H - PAD.bottom}" stroke="#444"/>`,
    `<line x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${H - PAD.bottom}" stroke="#444"/>`,
    ...ticks.map(
      (t) =>
        `<text x="${PAD.left - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end">${t.toPrecision(3)}</text>` +
        `<line x1="${PAD.left}" y1="${y(t).toFixed(1)}" x2="${W - PAD.right}" y2="${y(t).toFixed(1)}" stroke="#eee"/>`,
    ),
    `<text x="${W / 2}" y="${H - 8}" text-anchor="middle">epoch (1-${lastEpoch})</text>`,
    `<polyline fill="none" stroke="#1f77b4" stroke-width="2" points="${line((p) => p.loss)}"/>`,
    `<polyline fill="none" stroke="#d62728" stroke-width="2" points="${line((p) => p.valLoss)}"/>`,
    bestEpoch > 0
      ? `<line x1="${x(bestEpoch).toFixed(1)}" y1="${PAD.top}" x2="${x(bestEpoch).toFixed(1)}" y2="${H - PAD.bottom}" stroke="#2ca02c" stroke-dasharray="4 3"/>`
      : '',
    `<text x="${W - PAD.right - 150}" y="${PAD.top + 12}" fill="#1f77b4">training loss</text>`,
    `<text x="${W - PAD.right - 150}" y="${PAD.top + 28}" fill="#d62728">validation loss</text>`,
    bestEpoch > 0 ? `<text x="${W - PAD.right - 150}" y="${PAD.top + 44}" fill="#2ca02c">best epoch ${bestEpoch}</text>` : '',
    '</svg>',
  ];
  return `${parts.filter(Boolean).join('\n')}\n`;
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);
}
