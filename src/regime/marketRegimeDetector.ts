import type { Bar } from '../domain/bar.js';
import type { Mutable } from '../domain/mutable.js';
import { LagBuffer, ema, type SmoothedAverage } from '../features/indicators/index.js';
import { classifyMarket, type MarketReadings } from './classifyMarket.js';
import { Hysteresis } from './hysteresis.js';
import { marketRegimeWarmup, resolveMarketRegimeParams, type MarketRegimeParams } from './marketRegimeParams.js';
import type { MarketRegime, RegimeDetector } from './regime.js';
import { RollingDrawdown } from './rollingDrawdown.js';

/**
 * trend / chop / down for the whole market, fed with the lead asset's closed bars (BTC) in time order
 * (see classifyMarket for the rule, Hysteresis for the confirmation). Causal like the asset detector.
 */
export class MarketRegimeDetector implements RegimeDetector<MarketRegime> {
  readonly params: MarketRegimeParams;
  readonly warmup: number;
  private readonly ema: SmoothedAverage;
  private readonly emaLag: LagBuffer;
  private readonly drawdown: RollingDrawdown;
  private readonly hysteresis: Hysteresis<MarketRegime>;
  /** This bar's readings, written in place every bar. */
  private readonly now: Mutable<MarketReadings> = { close: Number.NaN, ema: Number.NaN, slope: Number.NaN, drawdown: Number.NaN };
  private rawLabel: MarketRegime | undefined;

  constructor(params: Partial<MarketRegimeParams> = {}) {
    const p = resolveMarketRegimeParams(params);
    this.params = p;
    this.warmup = marketRegimeWarmup(p);
    this.ema = ema(p.emaBars);
    this.emaLag = new LagBuffer(p.slopeBars);
    this.drawdown = new RollingDrawdown(p.peakBars);
    this.hysteresis = new Hysteresis({ confirmBars: p.confirmBars, enterBars: p.enterBars });
  }

  /** The last bar's readings: a copy, which the next bar leaves as it is. */
  get readings(): MarketReadings {
    return { ...this.now };
  }

  get raw(): MarketRegime | undefined {
    return this.rawLabel;
  }

  get regime(): MarketRegime | undefined {
    return this.hysteresis.state;
  }

  update(bar: Bar): MarketRegime | undefined {
    const e = this.ema.update(bar.close);
    const eBefore = this.emaLag.push(e);
    const now = this.now;
    now.close = bar.close;
    now.ema = e;
    now.slope = e / eBefore - 1;
    now.drawdown = this.drawdown.update(bar.close);
    this.rawLabel = classifyMarket(now, this.params);
    return this.hysteresis.update(this.rawLabel);
  }
}
