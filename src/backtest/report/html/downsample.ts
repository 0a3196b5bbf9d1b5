/** Points of a chart line, x ascending. */
export interface XY {
  readonly x: number;
  readonly y: number;
}

/**
 * At most about `maxPoints` points of a long line: per bucket of consecutive points, its lowest and
 * highest, in their time order. Unlike striding, it keeps every peak and trough a reader looks for
 * (the worst drawdown is never skipped).
 */
export function downsample(points: readonly XY[], maxPoints = 1500): XY[] {
  if (points.length <= maxPoints) return [...points];
  const perBucket = Math.ceil(points.length / Math.max(1, Math.floor(maxPoints / 2)));
  const out: XY[] = [];
  for (let start = 0; start < points.length; start += perBucket) {
    const end = Math.min(points.length, start + perBucket);
    let lo = start;
    let hi = start;
    for (let i = start + 1; i < end; i++) {
      if (points[i]!.y < points[lo]!.y) lo = i;
      if (points[i]!.y > points[hi]!.y) hi = i;
    }
    if (lo === hi) out.push(points[lo]!);
    else out.push(points[Math.min(lo, hi)]!, points[Math.max(lo, hi)]!);
  }
  // The line must still start and end where the data does.
  if (out[0] !== points[0]) out.unshift(points[0]!);
  const last = points[points.length - 1]!;
  if (out[out.length - 1] !== last) out.push(last);
  return out;
}
