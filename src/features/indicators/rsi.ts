/**
 * Wilder's RSI. Average gain and loss are seeded with the mean of the first `period` changes and then
 * smoothed as (avg * (period - 1) + x) / period, as technicalindicators does; unlike it, no rounding to
 * two decimals. First value at the period-th change (input index `period`).
 */
export class Rsi {
  private started = false;
  private prev = 0;
  private n = 0;
  private gainSum = 0;
  private lossSum = 0;
  private avgGain = 0;
  private avgLoss = 0;

  constructor(readonly period: number) {
    if (!(Number.isInteger(period) && period >= 1)) throw new RangeError(`period must be a whole number >= 1, got ${period}`);
  }

  update(close: number): number {
    if (!this.started) {
      this.started = true;
      this.prev = close;
      return Number.NaN;
    }
    const change = close - this.prev;
    this.prev = close;
    const gain = change > 0 ? change : 0;
    const loss = change < 0 ? -change : 0;
    const p = this.period;
    if (this.n < p) {
      this.gainSum += gain;
      this.lossSum += loss;
      if (++this.n < p) return Number.NaN;
      this.avgGain = this.gainSum / p;
      this.avgLoss = this.lossSum / p;
    } else {
      this.avgGain = (this.avgGain * (p - 1) + gain) / p;
      this.avgLoss = (this.avgLoss * (p - 1) + loss) / p;
    }
    return rsiOf(this.avgGain, this.avgLoss);
  }
}

function rsiOf(avgGain: number, avgLoss: number): number {
  // A market that did not move at all is neutral, not overbought.
  if (avgLoss === 0) return avgGain === 0 ? 50 : 100;
  if (avgGain === 0) return 0;
  return 100 - 100 / (1 + avgGain / avgLoss);
}
