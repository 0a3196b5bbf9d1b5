import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/internal/errors.js';
import {
  computeFeatures,
  defaultFeatureSet,
  defineFeatureSet,
  featureSetFromJson,
  featureSetToJson,
  schemaHash,
  type FeatureSet,
} from '../../src/features/index.js';
import { hasSharedData, realBars, type RealSymbol } from './realData.js';

const fitted = { method: 'fitted', clip: 10 } as const;

describe('feature set declaration', () => {
  it('declares every feature of the issue with its columns and warm-up', () => {
    const set = defaultFeatureSet();
    for (const c of [
      'ret_1',
      'ret_3',
      'ret_6',
      'ret_24',
      'logret',
      'logret_lag1',
      'ema_z_50',
      'ema_cross_12_26',
      'macd_12_26',
      'macd_signal_12_26_9',
      'macd_hist_12_26_9',
      'adx_14',
      'plus_di_14',
      'minus_di_14',
      'rsi_6',
      'rsi_14',
      'rsi_24',
      'stoch_k_14',
      'stoch_d_14_3',
      'cci_20',
      'roc_10',
      'rv_10',
      'rv_20',
      'atr_14',
      'atr_pct_14',
      'bb_pos_20',
      'bb_width_20',
      'drawdown_100',
      'vol_chg',
      'vol_ratio_20',
      'engulfing',
      'doji',
      'hammer',
      'shooting_star',
      'dist_support_50',
      'dist_resistance_50',
      'hour_sin',
      'hour_cos',
      'dow_sin',
      'dow_cos',
      'tier',
      'btc_logret',
      'btc_ret_24',
    ]) {
      expect(set.columns).toContain(c);
    }
    expect(set.warmup).toBe(199);
    expect(set.specs.find((s) => s.kind === 'adx')?.warmup).toBe(27);
    expect(defaultFeatureSet({ lead: null }).columns.some((c) => c.startsWith('btc_'))).toBe(false);
  });

  it('refuses unknown kinds, bad parameters, repeated columns and lead features without a lead', () => {
    expect(() => defineFeatureSet([{ kind: 'rsii' }])).toThrow(/unknown kind 'rsii'/);
    expect(() => defineFeatureSet([{ kind: 'rsi', params: { period: 0 } }])).toThrow(UserError);
    expect(() => defineFeatureSet([{ kind: 'rsi', params: { perod: 14 } }])).toThrow(/bad parameters/);
    expect(() => defineFeatureSet([{ kind: 'ema_cross', params: { fast: 30, slow: 20 } }])).toThrow(/fast must be shorter/);
    expect(() => defineFeatureSet([{ kind: 'rsi' }, { kind: 'rsi', params: { period: 14 } }])).toThrow(/'rsi_14' appears twice/);
    expect(() => defineFeatureSet([{ kind: 'rsi', source: 'lead' }], { lead: null })).toThrow(/no lead/);
  });

  it('round-trips through JSON and keeps its hash', () => {
    const set = defaultFeatureSet();
    const back = featureSetFromJson(JSON.parse(JSON.stringify(featureSetToJson(set))));
    expect(back.columns).toEqual(set.columns);
    expect(schemaHash(back, fitted)).toBe(schemaHash(set, fitted));
    expect(() => featureSetFromJson({ version: 2 }, 'models/x.json')).toThrow(/models\/x.json: not a feature set/);
  });

  it('the schema hash changes with names, parameters, tiers, lead and normalisation, and only with them', () => {
    const base = defineFeatureSet([{ kind: 'rsi' }, { kind: 'atr' }]);
    const h = schemaHash(base, fitted);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(schemaHash(defineFeatureSet([{ kind: 'rsi', params: { period: 14 } }, { kind: 'atr' }]), fitted)).toBe(h);
    expect(schemaHash(defineFeatureSet([{ kind: 'rsi', params: { period: 15 } }, { kind: 'atr' }]), fitted)).not.toBe(h);
    expect(schemaHash(defineFeatureSet([{ kind: 'atr' }, { kind: 'rsi' }]), fitted)).not.toBe(h);
    expect(schemaHash(defineFeatureSet([{ kind: 'rsi' }, { kind: 'atr' }], { tiers: { 'SOL/USD': 1 } }), fitted)).not.toBe(h);
    expect(schemaHash(defineFeatureSet([{ kind: 'rsi' }, { kind: 'atr' }], { lead: null }), fitted)).not.toBe(h);
    expect(schemaHash(base, { method: 'fitted', clip: 5 })).not.toBe(h);
    expect(schemaHash(base, { method: 'trailing', window: 500, clip: 10 })).not.toBe(h);
  });

  it('tier comes from the map, with a default for unlisted symbols', () => {
    const set = defineFeatureSet([{ kind: 'tier' }], { lead: null, tiers: { 'BTC/USD': 1, 'SOL/USD': 2 }, defaultTier: 3 });
    const bars = [{ time: 0, open: 1, high: 1, low: 1, close: 1, volume: 1 }];
    expect(computeFeatures(set, bars, { symbol: 'SOL/USD' }).values[0]).toBe(2);
    expect(computeFeatures(set, bars, { symbol: 'DOGE/USD' }).values[0]).toBe(3);
  });

  it('refuses unsorted bars and a lead set without lead bars', () => {
    const b = (time: number) => ({ time, open: 1, high: 1, low: 1, close: 1, volume: 1 });
    const set = defineFeatureSet([{ kind: 'rsi' }], { lead: null });
    expect(() => computeFeatures(set, [b(2), b(1)], { symbol: 'X/USD' })).toThrow(/does not come after/);
    expect(() => computeFeatures(defaultFeatureSet(), [b(1)], { symbol: 'SOL/USD' })).toThrow(/no BTC\/USD bars/);
  });
});

/** Columns of each spec: NaN on every row before its declared warm-up, finite on every row after. */
function checkWarmups(set: FeatureSet, symbol: RealSymbol, leadExact: boolean): void {
  const bars = realBars(symbol);
  const m = computeFeatures(set, bars, { symbol, lead: realBars('BTC/USD') });
  let col = 0;
  for (const spec of set.specs) {
    for (const name of spec.columns) {
      const firstDefined = spec.source === 'lead' && !leadExact ? 0 : spec.warmup;
      let nanBefore = 0;
      let badAfter = -1;
      for (let i = 0; i < m.rows; i++) {
        const x = m.values[i * m.width + col] as number;
        if (i < firstDefined) nanBefore += Number.isNaN(x) ? 1 : 0;
        else if (!Number.isFinite(x) && badAfter < 0) badAfter = i;
      }
      expect(nanBefore, `${symbol} ${name}: NaN rows before warm-up ${firstDefined}`).toBe(firstDefined);
      expect(badAfter, `${symbol} ${name}: first non-finite row after warm-up`).toBe(-1);
      col++;
    }
  }
}

describe.skipIf(!hasSharedData)('declared warm-ups are exact on the real histories', () => {
  it('BTC (its own lead) and ETH (lead from the same first hour)', () => {
    checkWarmups(defaultFeatureSet(), 'BTC/USD', true);
    checkWarmups(defaultFeatureSet(), 'ETH/USD', true);
  });

  it('SOL, whose BTC lead is warm from its first bar', () => {
    checkWarmups(defaultFeatureSet(), 'SOL/USD', false);
  });
});
