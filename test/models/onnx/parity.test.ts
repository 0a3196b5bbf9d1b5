import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bar } from '../../../src/domain/bar.js';
import { metaFeatureSet } from '../../../src/features/metaFeatureSet.js';
import { assetSamples } from '../../../src/models/dataset/assetSamples.js';
import { metaDataset, sourceInput, type MetaDataset } from '../../../src/models/dataset/metaDataset.js';
import { pooledSeries } from '../../../src/models/dataset/pooledSeries.js';
import { onnxRuntime } from '../../../src/models/inference/inferenceRuntime.js';
import type { MemberPredictor } from '../../../src/models/inference/memberPredictor.js';
import { importOnnxRuntime } from '../../../src/models/inference/ortModule.js';
import { MODEL_KINDS, Predictor, selectBackend, type ModelKind } from '../../../src/models/index.js';
import { trainMember, type TrainedMember } from '../../../src/models/pipeline/trainMember.js';
import { windowedSource } from '../../../src/models/training/samples.js';
import { DEFAULT_TREND } from '../../../src/strategy/trendParameters.js';
import { trendDecisions } from '../../../src/strategy/trendDecisions.js';
import { hasSharedData, realBars } from '../../features/realData.js';
import { hasOnnxRuntime, ONNX_RUNTIME_MISSING } from '../../support/onnxRuntime.js';
import { SHARED_DATA_MISSING } from '../../support/sharedData.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const L = 24;
const H = 72;
const TOLERANCE = 1e-5;

/** Small members of every kind, trained a couple of epochs: real weights, not their initial values. */
const SIZES: Record<ModelKind, Record<string, unknown>> = {
  lstm: { units: [16, 8] },
  tcn: { filters: 8 },
  transformer: { modelDim: 16, heads: 2, feedForwardDim: 32, layers: 2, patchSize: 4 },
  cnnLstm: { convFilters: [8, 8], lstmUnits: [8, 8] },
};

// Real SOL and BTC candles (BTC the market lead), about 14 months: the quarter-long warm-up, then a year of samples.
const end = Date.parse('2024-07-01T00:00:00Z');
const from = end - 420 * DAY;
const slice = (bars: readonly Bar[]) => bars.filter((b) => b.time >= from && b.time < end);

function dataset(): MetaDataset {
  const set = metaFeatureSet(HOUR);
  const input = (symbol: string, bars: readonly Bar[]) => ({
    symbol,
    bars,
    samples: assetSamples(symbol, bars, trendDecisions(bars, DEFAULT_TREND, HOUR, 6), { horizonsBars: [H], roundTripCost: 0.0062, barMs: HOUR }),
  });
  const sol = slice(realBars('SOL/USD'));
  const btc = slice(realBars('BTC/USD'));
  return metaDataset(pooledSeries(set, [input('BTC/USD', btc), input('SOL/USD', sol)], btc), {
    cutoff: end - 60 * DAY,
    validationFrom: end - 120 * DAY,
    embargoMs: DAY,
    horizonBars: H,
    windowLength: L,
    recencyHalfLifeMs: 180 * DAY,
  });
}

describe.skipIf(!hasSharedData || !hasOnnxRuntime)(
  `ONNX export: ONNX Runtime and tfjs agree on real windows for every kind ${hasSharedData ? '' : SHARED_DATA_MISSING} ${hasOnnxRuntime ? '' : ONNX_RUNTIME_MISSING}`,
  () => {
    let d: MetaDataset;
    const members = new Map<ModelKind, TrainedMember>();
    const onnx = new Map<ModelKind, MemberPredictor>();

    beforeAll(async () => {
      await selectBackend('wasm');
      d = dataset();
      const runtime = onnxRuntime(await importOnnxRuntime());
      for (const kind of MODEL_KINDS) {
        const m = await trainMember(kind, d, {
          sizes: SIZES[kind],
          returnHead: true,
          training: { epochs: 2, batchSize: 64, learningRate: 0.002, patience: 2 },
          seed: 5,
        });
        members.set(kind, m);
        onnx.set(kind, await runtime.predictor({ model: m.model, returnScale: m.result.returnScale, owns: false }));
      }
    }, 300_000);

    afterAll(() => {
      for (const p of onnx.values()) p.dispose();
      for (const m of members.values()) m.model.dispose();
    });

    it.each(MODEL_KINDS)('%s: P(up) and the expected return within 1e-5 of tfjs on every validation window', async (kind) => {
      const m = members.get(kind)!;
      const source = windowedSource(sourceInput(d, d.validation));
      expect(source.size).toBeGreaterThan(100);
      const want = new Predictor(m.model, { returnScale: m.result.returnScale, ownsModel: false }).predictSource(source);
      const got = await onnx.get(kind)!.predictSourceAsLive(source);
      let worst = 0;
      for (let i = 0; i < source.size; i++) {
        worst = Math.max(worst, Math.abs(got.pUp[i]! - want.pUp[i]!), Math.abs(got.expectedReturn![i]! - want.expectedReturn![i]!));
      }
      expect(worst).toBeLessThan(TOLERANCE);
      // Not vacuous: trained weights on real windows give probabilities that differ from window to window.
      expect(new Set(want.pUp).size).toBeGreaterThan(source.size / 2);
    });

    it.each(MODEL_KINDS)('%s: a window scored alone (the daemon) gives the bits it gets in a batch (the cache)', async (kind) => {
      const p = onnx.get(kind)!;
      const source = windowedSource(sourceInput(d, d.validation));
      const batched = await p.predictSourceAsLive(source);
      const window = new Float32Array(L * d.featureCount);
      for (let i = 0; i < source.size; i += 5) {
        source.copyWindow(i, window, 0);
        const one = await p.predictOne(window);
        expect(one.pUp).toBe(batched.pUp[i]);
        expect(one.expectedReturn).toBe(batched.expectedReturn![i]);
      }
    });
  },
);
