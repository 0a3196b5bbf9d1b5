import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRng } from '../../src/domain/random.js';
import type { Config } from '../../src/config/schema.js';
import { silentLogger } from '../../src/internal/logger.js';
import { selectBackend } from '../../src/models/backend.js';
import { foldArtifact } from '../../src/optimize/foldArtifact.js';
import { tfjsRuntime } from '../../src/models/inference/inferenceRuntime.js';
import { foldPredictions } from '../../src/optimize/foldScorers.js';
import type { PoolData } from '../../src/optimize/poolData.js';
import { pipelineSettings } from '../../src/optimize/settings.js';
import { trainFold, type FoldModel } from '../../src/optimize/trainFold.js';
import { hasSharedData, perturbAfter } from '../features/realData.js';
import { TINY_WINDOW, tinyFoldConfig, tinyPool } from './tinyFold.js';

const WINDOW = TINY_WINDOW;

// Tiny: one small LSTM, a year of daily samples, two inner horizon windows.
const config: Config = tinyFoldConfig(['lstm'], { training: { epochs: 2, patience: 1, batchSize: 64, learningRate: 0.003 } });
const settings = pipelineSettings(config, true);

function poolOf(perturbFrom?: number): PoolData {
  const rng = seededRng(5);
  return tinyPool(config, settings, (bars) => (perturbFrom === undefined ? bars : perturbAfter(bars, perturbFrom - 1, rng)));
}

const weightsOf = (f: FoldModel) => f.members.map((m) => m.model.getWeights().map((w) => Array.from(w.dataSync())));
const train = (data: PoolData) => trainFold(data, WINDOW, settings, { config, logger: silentLogger, interactive: false, label: 'test' });

describe.skipIf(!hasSharedData)('trainFold: a fold is blind to everything from its window on (less the embargo)', () => {
  let data: PoolData;
  let fold: FoldModel;
  let blind: PoolData;
  let other: FoldModel;
  beforeAll(async () => {
    await selectBackend('auto');
    data = poolOf();
    fold = await train(data);
    // Every bar of both assets (and so of the lead) from an embargo before the window on, replaced.
    blind = poolOf(WINDOW.from - settings.embargoMs);
    other = await train(blind);
  }, 180_000);
  afterAll(() => {
    for (const f of [fold, other]) for (const m of f?.members ?? []) m.model.dispose();
  });

  it('the same horizon, normaliser, base rates, models, ensemble, calibration and entry threshold', () => {
    expect(other.horizon).toEqual(fold.horizon);
    expect(other.dataset.normalizer).toEqual(fold.dataset.normalizer);
    expect(other.baseRates).toEqual(fold.baseRates);
    expect(weightsOf(other)).toEqual(weightsOf(fold));
    expect(other.spec).toEqual(fold.spec);
    expect(other.entry).toEqual(fold.entry);
    expect(other.validation).toEqual(fold.validation);
  });

  it('its artifact says it was trained through a bar before the window, and the window itself was scored differently', async () => {
    const artifact = foldArtifact(data, fold, { version: 'wf1', createdAt: 0, strategy: config.strategy, roundTripCost: settings.roundTripCost, metrics: {} });
    expect(Date.parse(artifact.trainedThrough) + settings.embargoMs).toBeLessThanOrEqual(WINDOW.from);
    expect(artifact.minConfidence).toBeGreaterThanOrEqual(0.65);
    expect(artifact.ruleBaseRate).toEqual(fold.baseRates);
    // Not vacuous: the perturbed bars reach the window's features, so its predictions differ.
    const a = (await foldPredictions(data, fold, artifact, tfjsRuntime)).members.get('SOL/USD')!;
    const b = (await foldPredictions(blind, other, artifact, tfjsRuntime)).members.get('SOL/USD')!;
    expect(a.size).toBeGreaterThan(5);
    expect([...a.values()].map((v) => v.lstm)).not.toEqual([...b.values()].map((v) => v.lstm));
  });
});
