import { describe, expect, it } from 'vitest';
import type { Bar } from '../../../src/domain/bar.js';
import { seededRng } from '../../../src/domain/random.js';
import { defaultFeatureSet, foldViolations, sampleRange } from '../../../src/features/index.js';
import { buildAssetDataset, sourceInput, type AssetDataset, type DatasetOptions, type SampleBlock } from '../../../src/models/dataset/assetDataset.js';
import { windowedSource } from '../../../src/models/training/samples.js';
import { firstBitDifference, hasSharedData, perturbAfter, realBars } from '../../features/realData.js';

const set = defaultFeatureSet();
const H = 6;
const L = 32;
const OPTIONS: DatasetOptions = { windowLength: L, horizon: H, maxBars: 2_000, validationFraction: 0.15, testFraction: 0.15, trainStride: 3 };

// Real SOL candles (the last 3,000 hours) with BTC as the lead, as `bot optimize` builds them.
const sol = hasSharedData ? realBars('SOL/USD').slice(-3_000) : [];
const btc = hasSharedData ? realBars('BTC/USD').filter((b) => b.time >= (sol[0] as Bar).time - 500 * 3_600_000) : [];

/** The two ways a dataset is split: the most recent bars, or a walk-forward fold's test window. */
const SPLITS: { name: string; options: DatasetOptions }[] = [
  { name: 'the most recent split', options: OPTIONS },
  {
    name: 'a walk-forward test window',
    options: hasSharedData ? { ...OPTIONS, testWindow: { from: (sol[2_300] as Bar).time, to: (sol[2_600] as Bar).time } } : OPTIONS,
  },
];

const build = (o: DatasetOptions, bars: readonly Bar[] = sol, lead: readonly Bar[] = btc) => buildAssetDataset('SOL/USD', bars, lead, set, o);

/** Own and lead bars from bar `index` of the series on replaced by different ones. */
function perturbedFrom(index: number, seed: number): { bars: Bar[]; lead: Bar[] } {
  const after = (sol[index - 1] as Bar).time;
  const rng = seededRng(seed);
  return { bars: perturbAfter(sol, after, rng), lead: perturbAfter(btc, after, rng) };
}

/** Every model input of a block, window after window, as the trainer reads them. */
function windowsOf(d: AssetDataset, b: SampleBlock): Float32Array {
  const source = windowedSource(sourceInput(d, b));
  const span = d.windowLength * d.featureCount;
  const out = new Float32Array(source.size * span);
  for (let i = 0; i < source.size; i++) source.copyWindow(i, out, i * span);
  return out;
}

function expectSameBlock(actual: SampleBlock, expected: SampleBlock, what: string): void {
  expect(actual.ends, what).toEqual(expected.ends);
  expect(firstBitDifference(actual.labels, expected.labels), `${what} labels`).toBe(-1);
  expect(firstBitDifference(actual.returns, expected.returns), `${what} returns`).toBe(-1);
  expect(firstBitDifference(actual.forwardReturns, expected.forwardReturns), `${what} forward returns`).toBe(-1);
}

describe.skipIf(!hasSharedData)('buildAssetDataset', () => {
  for (const { name, options } of SPLITS) {
    describe(name, () => {
      const d = hasSharedData ? build(options) : (null as unknown as AssetDataset);

      it('blocks in time order, each label ending a purge before the next block starts', () => {
        const { train, validation, test } = d.fold;
        const usable = sampleRange(sol.length, set.warmup, L, H);
        expect(foldViolations([d.fold], { horizon: H, ...usable })).toEqual([]);
        expect(validation.start - train.end).toBeGreaterThanOrEqual(H);
        expect(test.start - validation.end).toBeGreaterThanOrEqual(H);
        // The samples themselves: the last label of a block reads a bar before the next block's first sample.
        const last = (b: SampleBlock) => b.ends[b.ends.length - 1] as number;
        const first = (b: SampleBlock) => b.ends[0] as number;
        for (const b of [d.train, d.validation, d.test]) expect(b.ends.length).toBeGreaterThan(100);
        expect(last(d.train) + H).toBeLessThan(first(d.validation));
        expect(last(d.validation) + H).toBeLessThan(first(d.test));
        expect(first(d.train)).toBeGreaterThanOrEqual(train.start);
        expect(last(d.test)).toBeLessThan(test.end);
      });

      it('no statistic of training or scoring comes from a bar after the training block', () => {
        // Every bar from the first one after the training block on, own and lead, replaced.
        const cut = d.fold.train.end;
        const p = perturbedFrom(cut, 11);
        const q = build(options, p.bars, p.lead);
        expect(q.fold).toEqual(d.fold);
        // The scaling of every input, training, validation and test alike, is bit for bit the same ...
        expect(q.normalizer).toEqual(d.normalizer);
        expect(d.normalizer.fitRanges.every((r) => r.end <= cut)).toBe(true);
        // ... and so is every training window.
        expect(firstBitDifference(windowsOf(q, q.train), windowsOf(d, d.train))).toBe(-1);
        // Not vacuous: the rows after the block did change.
        const F = d.featureCount;
        expect(firstBitDifference(q.rows.subarray(cut * F), d.rows.subarray(cut * F))).toBeGreaterThanOrEqual(0);
      });

      it('no training label reads a validation bar, no validation label a test bar', () => {
        const fromValidation = perturbedFrom(d.fold.validation.start, 12);
        const v = build(options, fromValidation.bars, fromValidation.lead);
        expectSameBlock(v.train, d.train, 'train');
        expect(firstBitDifference(windowsOf(v, v.train), windowsOf(d, d.train))).toBe(-1);

        const fromTest = perturbedFrom(d.fold.test.start, 13);
        const t = build(options, fromTest.bars, fromTest.lead);
        expectSameBlock(t.train, d.train, 'train');
        expectSameBlock(t.validation, d.validation, 'validation');
        expect(firstBitDifference(windowsOf(t, t.validation), windowsOf(d, d.validation))).toBe(-1);
        expect(t.normalizer).toEqual(d.normalizer);
      });

      it('the window of a sample ends at its bar, and its label is the close `horizon` bars later', () => {
        const F = d.featureCount;
        const span = L * F;
        for (const block of [d.train, d.validation, d.test]) {
          const windows = windowsOf(d, block);
          block.ends.forEach((end, k) => {
            const window = windows.subarray(k * span, (k + 1) * span);
            expect(firstBitDifference(window, d.rows.subarray((end - L + 1) * F, (end + 1) * F)), `window ending at ${end}`).toBe(-1);
            expect(d.times[end]).toBe((sol[end] as Bar).time);
            const now = (sol[end] as Bar).close;
            const later = (sol[end + H] as Bar).close;
            expect(block.labels[k], `label at ${end}`).toBe(later > now ? 1 : 0);
            expect(block.forwardReturns[k]).toBe(Math.fround(Math.log(later / now)));
          });
        }
      });
    });
  }

  it('a walk-forward test block holds exactly the bars of its window', () => {
    const w = SPLITS[1]?.options.testWindow as { from: number; to: number };
    const d = build(SPLITS[1]?.options as DatasetOptions);
    expect(d.times[d.fold.test.start]).toBe(w.from);
    expect(d.times[d.fold.test.end]).toBe(w.to);
    // Training and validation come before it; the bars after the window are only there, not used.
    expect(d.fold.validation.end).toBeLessThanOrEqual(d.fold.test.start - H);
  });
});
