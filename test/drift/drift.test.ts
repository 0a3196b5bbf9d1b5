import { describe, expect, it } from 'vitest';
import { featureShift } from '../../src/drift/distributionShift.js';
import { nextDriftState, type DriftState } from '../../src/drift/driftState.js';
import { referenceBins } from '../../src/drift/featureReference.js';
import { inputDrift } from '../../src/drift/inputDrift.js';
import { predictionQuality } from '../../src/drift/predictionQuality.js';
import { beatsCost } from '../../src/runtime/ensemble/tradeJudge.js';
import { hasSharedData, readBinanceCsv, SHARED_DATA_MISSING, sharedFile } from '../support/sharedData.js';

const THRESHOLDS = { psi: { warning: 0.1, drifted: 0.25 }, ks: { warning: 0.15, drifted: 0.3 }, featureShare: 0.25 };
const QUALITY = { auc: { warning: 0.52, drifted: 0.48 }, ece: { warning: 0.08, drifted: 0.15 }, minPredictions: 30 };

describe.skipIf(!hasSharedData)(`drift math on real SOL/USD hours ${hasSharedData ? '' : SHARED_DATA_MISSING}`, () => {
  const bars = hasSharedData ? readBinanceCsv(sharedFile('binance', 'SOL-USDT_1h.csv')) : [];
  const between = (from: string, to: string) => bars.filter((b) => b.time >= Date.parse(from) && b.time < Date.parse(to));
  /** Two features of each hour: its absolute log return (volatility) and its range over the close. */
  const features = (bs: typeof bars) => [
    Float64Array.from(bs.slice(1), (b, i) => Math.abs(Math.log(b.close / bs[i]!.close))),
    Float64Array.from(bs, (b) => (b.high - b.low) / b.close),
  ];
  const reference = features(between('2021-01-01', '2022-01-01')).map(referenceBins);

  it('PSI and KS: a later month of the same year stays ok; a calm 2023 month against wild 2021 has drifted', () => {
    const same = inputDrift(reference, ['absret', 'range'], features(between('2021-05-01', '2021-06-01')), THRESHOLDS);
    const calm = inputDrift(reference, ['absret', 'range'], features(between('2023-08-01', '2023-09-01')), THRESHOLDS);
    expect(calm.level).toBe('drifted');
    expect(calm.driftedShare).toBe(1);
    for (const f of calm.features) expect(f.psi!).toBeGreaterThan(0.25);
    expect(same.features.every((f) => f.psi! < calm.features.find((c) => c.feature === f.feature)!.psi!)).toBe(true);
    // The reference's own rows against itself: no shift at all.
    const self = featureShift(reference[0]!, features(between('2021-01-01', '2022-01-01'))[0]!);
    expect(self.psi).toBeLessThan(1e-4);
    expect(self.ks).toBeLessThan(1e-4);
    expect(calm.rows).toBe(744);
  });

  it('prediction quality: a forecaster that knows the next day scores high; a coin flip is drifted; too few say nothing', () => {
    // Daily long trades of SOL, judged as the daemon judges them (next open to the close 24 bars later, beat 0.5%).
    const hours = between('2022-01-01', '2023-01-01');
    const trades: (0 | 1)[] = [];
    for (let i = 0; i + 25 < hours.length; i += 24) trades.push(beatsCost(1, hours[i + 1]!.open, hours[i + 24]!.close, 0.005));
    expect(trades.length).toBeGreaterThan(300);
    const knows = predictionQuality(
      trades.map((y) => (y ? 0.95 : 0.05)),
      trades,
      QUALITY,
    );
    expect(knows.auc).toBe(1);
    expect(knows.hitRate).toBe(1);
    expect(knows.level).toBe('ok');
    // Ranking alone is not enough: the same calls at 0.7 and 0.3 are miscalibrated by 0.3.
    expect(
      predictionQuality(
        trades.map((y) => (y ? 0.7 : 0.3)),
        trades,
        QUALITY,
      ).level,
    ).toBe('drifted');
    // A flip of the previous hour's candle colour: no skill.
    const flip = trades.map((_, k) => (hours[k * 24]!.close > hours[k * 24]!.open ? 0.6 : 0.4));
    const coin = predictionQuality(flip, trades, QUALITY);
    expect(coin.auc!).toBeGreaterThan(0.4);
    expect(coin.auc!).toBeLessThan(0.6);
    expect(['warning', 'drifted']).toContain(coin.level);
    expect(coin.brier!).toBeGreaterThan(knows.brier!);
    expect(predictionQuality(flip.slice(0, 29), trades.slice(0, 29), QUALITY).level).toBe('unknown');
  });

  it('hysteresis: worse at once, better only after the configured checks in a row, a new model starts fresh', () => {
    let s: DriftState | undefined;
    const step = (level: 'ok' | 'warning' | 'drifted' | 'unknown', t: number, model = 'm1') => {
      s = nextDriftState(s, model, level, t, 2);
      return s.state;
    };
    expect(step('ok', 1)).toBe('ok');
    expect(step('drifted', 2)).toBe('drifted');
    expect(step('ok', 3)).toBe('drifted');
    expect(step('drifted', 4)).toBe('drifted');
    expect(step('warning', 5)).toBe('drifted');
    expect(step('unknown', 6)).toBe('drifted');
    expect(step('ok', 7)).toBe('ok');
    expect(s!.since).toBe(7);
    expect(step('warning', 8)).toBe('warning');
    expect(step('ok', 9, 'm2')).toBe('ok');
    expect(s!.modelId).toBe('m2');
  });
});
