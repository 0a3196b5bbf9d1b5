import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../src/domain/bar.js';
import { seededRng } from '../../../src/domain/random.js';
import { metaFeatureSet } from '../../../src/features/metaFeatureSet.js';
import { assetSamples } from '../../../src/models/dataset/assetSamples.js';
import { metaDataset, sourceInput, type FoldData, type MetaBlock, type MetaDataset } from '../../../src/models/dataset/metaDataset.js';
import { pooledSeries } from '../../../src/models/dataset/pooledSeries.js';
import { windowedSource } from '../../../src/models/training/samples.js';
import { DEFAULT_TREND } from '../../../src/strategy/trendParameters.js';
import { trendDecisions } from '../../../src/strategy/trendDecisions.js';
import { firstBitDifference, hasSharedData, perturbAfter, realBars } from '../../features/realData.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const H = 72;
const L = 24;
const COST = 0.0062;
const set = metaFeatureSet(HOUR);

// Real SOL and BTC candles, about 14 months: the quarter-long warm-up, then a year of samples.
const end = Date.parse('2024-07-01T00:00:00Z');
const from = end - 420 * DAY;
const slice = (bars: readonly Bar[]) => bars.filter((b) => b.time >= from && b.time < end);
const sol = hasSharedData ? slice(realBars('SOL/USD')) : [];
const btc = hasSharedData ? slice(realBars('BTC/USD')) : [];

const FOLD: FoldData = {
  cutoff: end - 60 * DAY,
  validationFrom: end - 120 * DAY,
  embargoMs: DAY,
  horizonBars: H,
  windowLength: L,
  recencyHalfLifeMs: 180 * DAY,
};

/** The pool (SOL and BTC, BTC the lead) and the fold's dataset, as optimize builds them. */
function build(bars: { sol: readonly Bar[]; btc: readonly Bar[] }, fold: FoldData = FOLD): MetaDataset {
  const input = (symbol: string, b: readonly Bar[]) => ({
    symbol,
    bars: b,
    samples: assetSamples(symbol, b, trendDecisions(b, DEFAULT_TREND, HOUR, 6), { horizonsBars: [24, H], roundTripCost: COST, barMs: HOUR }),
  });
  return metaDataset(pooledSeries(set, [input('BTC/USD', bars.btc), input('SOL/USD', bars.sol)], bars.btc), fold);
}

/** Both series with every bar from `time` on replaced. */
function perturbedFrom(time: number, seed: number) {
  const rng = seededRng(seed);
  return { sol: perturbAfter(sol, time - 1, rng), btc: perturbAfter(btc, time - 1, rng) };
}

function windows(d: MetaDataset, b: MetaBlock): Float32Array {
  const source = windowedSource(sourceInput(d, b));
  const span = L * d.featureCount;
  const out = new Float32Array(source.size * span);
  for (let i = 0; i < source.size; i++) source.copyWindow(i, out, i * span);
  return out;
}

function expectSameBlock(a: MetaBlock, b: MetaBlock, what: string): void {
  expect(a.ends, what).toEqual(b.ends);
  expect(a.time, what).toEqual(b.time);
  expect(firstBitDifference(a.labels, b.labels), `${what} labels`).toBe(-1);
  expect(firstBitDifference(a.returns, b.returns), `${what} returns`).toBe(-1);
  expect(a.tradeReturns, `${what} trade returns`).toEqual(b.tradeReturns);
}

describe.skipIf(!hasSharedData)('metaDataset: one fold of the pooled meta-labelling data, leak-free', () => {
  const d = hasSharedData ? build({ sol, btc }) : (null as unknown as MetaDataset);
  const knownAt = (b: MetaBlock, i: number) => d.series.assets[b.asset[i]!]!.samples.labels.get(H)!.knownAt[b.sample[i]!]!;

  it('purged and embargoed: every training label is known a day before validation starts, every validation label a day before the fold', () => {
    expect(d.train.ends.length).toBeGreaterThan(500);
    expect(d.validation.ends.length).toBeGreaterThan(100);
    // Both assets are in both blocks, in time order.
    expect(new Set(d.train.asset)).toEqual(new Set([0, 1]));
    for (let i = 1; i < d.validation.time.length; i++) expect(d.validation.time[i]!).toBeGreaterThanOrEqual(d.validation.time[i - 1]!);
    for (let i = 0; i < d.train.ends.length; i++) expect(knownAt(d.train, i) + DAY).toBeLessThanOrEqual(FOLD.validationFrom);
    for (let i = 0; i < d.validation.ends.length; i++) {
      expect(d.validation.time[i]!).toBeGreaterThanOrEqual(FOLD.validationFrom);
      expect(knownAt(d.validation, i) + DAY).toBeLessThanOrEqual(FOLD.cutoff);
    }
    // Not vacuous: the purge and the embargo took out samples a plain time split would have kept.
    const lastTrain = Math.max(...d.train.time);
    expect(lastTrain).toBeLessThan(FOLD.validationFrom - (H * HOUR + DAY) + 6 * HOUR + 1);
    expect(Math.max(...d.validation.time)).toBeLessThan(FOLD.cutoff - H * HOUR - DAY + 6 * HOUR + 1);
  });

  it('no statistic of training comes from a bar after the training block: normaliser, windows, labels, weights', () => {
    const p = build(perturbedFrom(FOLD.validationFrom - FOLD.embargoMs, 11));
    expect(p.normalizer).toEqual(d.normalizer);
    expectSameBlock(p.train, d.train, 'train');
    expect(p.train.weights).toEqual(d.train.weights);
    expect(firstBitDifference(windows(p, p.train), windows(d, d.train))).toBe(-1);
    // The statistics come from the training rows of both assets, and from nothing after them.
    expect(d.normalizer.fitRanges).toHaveLength(2);
    for (const r of d.normalizer.fitRanges) expect(r.end).toBeLessThanOrEqual(Math.max(...d.train.ends) + 1);
    // Not vacuous: the validation block did change.
    expect(firstBitDifference(windows(p, p.validation).subarray(0, 1000), windows(d, d.validation).subarray(0, 1000))).toBeGreaterThanOrEqual(0);
  });

  it('no validation label or window reads a bar of the fold it is fitted for', () => {
    const p = build(perturbedFrom(FOLD.cutoff - FOLD.embargoMs, 12));
    expect(p.normalizer).toEqual(d.normalizer);
    expectSameBlock(p.validation, d.validation, 'validation');
    expect(firstBitDifference(windows(p, p.validation), windows(d, d.validation))).toBe(-1);
  });

  it('a window ends at its decision bar, and its label is the trade entered at the next open and closed `horizon` bars on', () => {
    const span = L * d.featureCount;
    const w = windows(d, d.validation);
    for (let i = 0; i < d.validation.ends.length; i += 7) {
      const end = d.validation.ends[i]!;
      expect(firstBitDifference(w.subarray(i * span, (i + 1) * span), d.rows.subarray((end - L + 1) * d.featureCount, (end + 1) * d.featureCount))).toBe(-1);
      const a = d.series.assets[d.validation.asset[i]!]!;
      const index = end - a.offset;
      expect(a.bars[index]!.time).toBe(d.validation.time[i]);
      const r = a.bars[index + H]!.close / a.bars[index + 1]!.open - 1;
      expect(d.validation.tradeReturns[i]).toBe(r);
      expect(d.validation.labels[i]).toBe(r > COST ? 1 : 0);
    }
  });

  it('recent training samples weigh more: half as much per half-life of age, mean 1', () => {
    const weights = d.train.weights!;
    const mean = weights.reduce((s, w) => s + w, 0) / weights.length;
    expect(mean).toBeCloseTo(1, 5);
    const first = 0;
    const last = weights.length - 1;
    const ageDays = (d.train.time[last]! - d.train.time[first]!) / DAY;
    expect(weights[last]! / weights[first]!).toBeCloseTo(2 ** (ageDays / 180), 3);
  });
});
