import type { Bar, Symbol } from '../domain/bar.js';
import { AssetRegimeDetector, MarketRegimeDetector, type AssetRegime, type MarketRegime } from '../regime/index.js';

const NO_BARS: readonly Bar[] = [];

/**
 * What the engine knows about the market, bar by bar: a rolling history per symbol for the scorers,
 * each asset's regime, and the market regime from the lead (BTC). Regime detectors carry state from
 * the first bar they are given, so the engine feeds them from the first stored bar: a restart rebuilds
 * exactly the state an uninterrupted run has.
 */
export class MarketState {
  private readonly history = new Map<Symbol, Bar[]>();
  private readonly assetRegimes = new Map<Symbol, AssetRegimeDetector>();
  private readonly marketDetector = new MarketRegimeDetector();
  private marketRegime: MarketRegime | undefined;
  private readonly assetRegime = new Map<Symbol, AssetRegime>();
  private readonly closes = new Map<Symbol, number>();

  constructor(
    private readonly historyLength: number,
    private readonly lead: Symbol | undefined,
  ) {}

  push(symbol: Symbol, bar: Bar): void {
    let hist = this.history.get(symbol);
    if (!hist) {
      hist = [];
      this.history.set(symbol, hist);
    }
    hist.push(bar);
    this.closes.set(symbol, bar.close);
    // shift() on a small packed array moves its start in place (V8 left-trims): no copy per bar.
    if (hist.length > this.historyLength) hist.shift();

    let detector = this.assetRegimes.get(symbol);
    if (!detector) {
      detector = new AssetRegimeDetector();
      this.assetRegimes.set(symbol, detector);
    }
    const regime = detector.update(bar);
    if (regime) this.assetRegime.set(symbol, regime);
    if (symbol === this.lead) this.marketRegime = this.marketDetector.update(bar) ?? this.marketRegime;
  }

  /**
   * The last `historyLength` bars of `symbol`, oldest first. The engine's own array, not a copy (a copy per
   * asset per bar was the loop's largest allocation): it moves on with the next bar, so a scorer that wants
   * to keep it copies it.
   */
  bars(symbol: Symbol): readonly Bar[] {
    return this.history.get(symbol) ?? NO_BARS;
  }

  lastClose(symbol: Symbol): number | undefined {
    return this.closes.get(symbol);
  }

  /** Each symbol's last close. The state's own map, not a copy: it moves on with the next bar. */
  marks(): ReadonlyMap<Symbol, number> {
    return this.closes;
  }

  /** The asset's regime; 'ranging' (the balanced weights) until its detector has warmed up. */
  regimeOf(symbol: Symbol): AssetRegime | undefined {
    return this.assetRegime.get(symbol);
  }

  /** The market regime from the lead; undefined without the lead's history. */
  marketRegimeNow(): MarketRegime | undefined {
    return this.marketRegime;
  }
}
