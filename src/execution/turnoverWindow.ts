/**
 * Notional traded over a rolling window, as a multiple of equity at the time of each fill: the turnover
 * budget. A strategy that changes its mind every few bars pays the fee every few bars; the budget caps what
 * such churn can cost before anyone looks.
 */
export class TurnoverWindow {
  private readonly entries: { time: number; turnover: number }[] = [];
  private total = 0;

  constructor(
    private readonly windowMs: number,
    private readonly max: number,
    history: readonly { readonly time: number; readonly turnover: number }[] = [],
  ) {
    for (const e of history) this.add(e.time, e.turnover);
  }

  add(time: number, turnover: number): void {
    if (!(turnover > 0) || !Number.isFinite(turnover)) return;
    this.entries.push({ time, turnover });
    this.total += turnover;
  }

  /** What may still be traded at `time`, as a multiple of equity (never below 0). */
  left(time: number): number {
    while (this.entries.length > 0 && (this.entries[0]?.time ?? time) <= time - this.windowMs) this.total -= this.entries.shift()?.turnover ?? 0;
    return Math.max(0, this.max - this.total);
  }
}
