/** One month's return of an equity curve: the month's last equity over the previous month's last (or the start). */
export interface MonthlyReturn {
  readonly year: number;
  /** 0 = January. */
  readonly month: number;
  readonly value: number;
}

/** Month by month (UTC), from the first point of the curve; the first month is measured from the first point. */
export function monthlyReturns(curve: readonly { readonly time: number; readonly equity: number }[]): MonthlyReturn[] {
  const out: MonthlyReturn[] = [];
  const first = curve[0];
  if (!first) return out;
  let base = first.equity;
  for (let i = 0; i < curve.length; i++) {
    const p = curve[i]!;
    const next = curve[i + 1];
    const d = new Date(p.time);
    const last = !next || new Date(next.time).getUTCMonth() !== d.getUTCMonth() || new Date(next.time).getUTCFullYear() !== d.getUTCFullYear();
    if (!last) continue;
    out.push({ year: d.getUTCFullYear(), month: d.getUTCMonth(), value: base > 0 ? p.equity / base - 1 : 0 });
    base = p.equity;
  }
  return out;
}
