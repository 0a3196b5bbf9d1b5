import type { Bar } from '../domain/bar.js';
import type { Mutable } from '../domain/mutable.js';
import { Adx, Atr, LagBuffer, ema, type SmoothedAverage } from '../features/indicators/index.js';
import { assetRegimeWarmup, resolveAssetRegimeParams, type AssetRegimeParams } from './assetRegimeParams.js';
import { classifyAsset, type AssetReadings } from './classifyAsset.js';
import { Hysteresis } from './hysteresis.js';
import { RealisedVolatility } from './realisedVolatility.js';
import type { AssetRegime, RegimeDetector } from './regime.js';
import { RollingDrawdown } from './rollingDrawdown.js';
import { TrailingPercentile } from './trailingPercentile.js';

/**
 * trending / ranging / volatile for one asset, one closed bar at a time. Each bar the readings go
 * through classifyAsset twice: without state for `raw`, and with the confirmed state (exit bands) for
 * the candidate that Hysteresis must see for confirmBars bars. Every reading at bar t is built from
 * bars <= t only.
 */
export class AssetRegimeDetector implements RegimeDetector<AssetRegime> {
  readonly params: AssetRegimeParams;
  readonly warmup: number;
  private readonly adx: Adx;
  private readonly atr: Atr;
  private readonly ema: SmoothedAverage;
  private readonly emaLag: LagBuffer;
  private readonly vol: RealisedVolatility;
  private readonly volRank: TrailingPercentile;
  private readonly drawdown: RollingDrawdown;
  private readonly drawdownLag: LagBuffer;
  private readonly hysteresis: Hysteresis<AssetRegime>;
  /** This bar's readings, written in place every bar (a new record per bar was most of the detector's allocation). */
  private readonly now: Mutable<AssetReadings> = {
    adx: Number.NaN,
    slope: Number.NaN,
    volatility: Number.NaN,
    volPercentile: Number.NaN,
    drawdown: Number.NaN,
    drawdownVelocity: Number.NaN,
  };
  private rawLabel: AssetRegime | undefined;

  constructor(params: Partial<AssetRegimeParams> = {}) {
    const p = resolveAssetRegimeParams(params);
    this.params = p;
    this.warmup = assetRegimeWarmup(p);
    this.adx = new Adx(p.adxPeriod);
    this.atr = new Atr(p.atrPeriod);
    this.ema = ema(p.emaPeriod);
    this.emaLag = new LagBuffer(p.slopeBars);
    this.vol = new RealisedVolatility(p.volBars);
    this.volRank = new TrailingPercentile(p.rankBars);
    this.drawdown = new RollingDrawdown(p.peakBars);
    this.drawdownLag = new LagBuffer(p.velocityBars);
    this.hysteresis = new Hysteresis({ confirmBars: p.confirmBars, enterBars: p.enterBars });
  }

  /** The last bar's readings, for logs and decisions: a copy, which the next bar leaves as it is. */
  get readings(): AssetReadings {
    return { ...this.now };
  }

  get raw(): AssetRegime | undefined {
    return this.rawLabel;
  }

  get regime(): AssetRegime | undefined {
    return this.hysteresis.state;
  }

  update(bar: Bar): AssetRegime | undefined {
    const { high, low, close } = bar;
    this.adx.update(high, low, close);
    const atr = this.atr.update(high, low, close);
    const e = this.ema.update(close);
    const eBefore = this.emaLag.push(e);
    const volatility = this.vol.update(close);
    const volPercentile = this.volRank.update(volatility);
    const drawdown = this.drawdown.update(close);
    const ddBefore = this.drawdownLag.push(drawdown);
    const now = this.now;
    now.adx = this.adx.adx;
    now.slope = slopeInAtr(e - eBefore, atr);
    now.volatility = volatility;
    now.volPercentile = volPercentile;
    now.drawdown = drawdown;
    now.drawdownVelocity = drawdown - ddBefore;
    this.rawLabel = classifyAsset(now, this.params);
    return this.hysteresis.update(classifyAsset(now, this.params, this.hysteresis.state));
  }
}

/** A market without range (ATR 0, e.g. outage bars) has no trend to measure; NaN stays NaN. */
function slopeInAtr(change: number, atr: number): number {
  if (Number.isNaN(change) || Number.isNaN(atr)) return Number.NaN;
  return atr > 0 ? change / atr : 0;
}
