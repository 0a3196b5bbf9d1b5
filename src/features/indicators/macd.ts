import { ema, type SmoothedAverage } from './smoothedAverage.js';

/**
 * MACD with exponential averages throughout (technicalindicators with SimpleMAOscillator and
 * SimpleMASignal false): line from input index slow - 1, signal and histogram from slow + signal - 2.
 */
export class Macd {
  private readonly fast: SmoothedAverage;
  private readonly slow: SmoothedAverage;
  private readonly signalAvg: SmoothedAverage;
  line = Number.NaN;
  signal = Number.NaN;
  histogram = Number.NaN;

  constructor(fast: number, slow: number, signal: number) {
    this.fast = ema(fast);
    this.slow = ema(slow);
    this.signalAvg = ema(signal);
  }

  update(close: number): void {
    const f = this.fast.update(close);
    const s = this.slow.update(close);
    if (Number.isNaN(f) || Number.isNaN(s)) return;
    this.line = f - s;
    this.signal = this.signalAvg.update(this.line);
    this.histogram = this.line - this.signal;
  }
}
