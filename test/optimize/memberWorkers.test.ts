import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config/schema.js';
import { UserError } from '../../src/internal/errors.js';
import { silentLogger } from '../../src/internal/logger.js';
import { selectBackend } from '../../src/models/backend.js';
import { metaDataset, type MetaDataset } from '../../src/models/dataset/metaDataset.js';
import type { ModelKind } from '../../src/models/kinds.js';
import { trainMember, type MemberOptions, type TrainedMember } from '../../src/models/pipeline/trainMember.js';
import { inThreadTrainer, memberTrainer, workerCount, type MemberTrainer } from '../../src/optimize/memberTrainer.js';
import { liveMemberWorkers, MemberWorkerPool } from '../../src/optimize/memberWorkers.js';
import type { PoolData } from '../../src/optimize/poolData.js';
import { pipelineSettings } from '../../src/optimize/settings.js';
import { trainFold } from '../../src/optimize/trainFold.js';
import { firstBitDifference, hasSharedData } from '../features/realData.js';
import { TINY_WINDOW, tinyFoldConfig, tinyPool } from './tinyFold.js';

const config: Config = tinyFoldConfig(['lstm', 'tcn'], {
  training: { epochs: 2, patience: 2, batchSize: 64, learningRate: 0.003 },
  sizes: { lstm: { units: [8], dropout: 0.1 }, tcn: { filters: 8, kernelSize: 2, dilations: [], dropout: 0.1 } },
});
const settings = pipelineSettings(config, true);
const WINDOW = TINY_WINDOW;

const options = (kind: ModelKind): MemberOptions => ({
  sizes: settings.models.sizes[kind] ?? {},
  returnHead: true,
  training: settings.models.training,
  seed: 7,
});

const weightsOf = (m: TrainedMember) => m.model.getWeights().map((w) => w.dataSync() as Float32Array);

/** Polls until `ok` holds (the pool's threads run on their own clock). */
async function until(ok: () => boolean): Promise<void> {
  while (!ok()) await new Promise((r) => setTimeout(r, 20));
}

describe.skipIf(!hasSharedData)('members trained in worker threads', () => {
  let data: PoolData;
  let d: MetaDataset;
  beforeAll(async () => {
    await selectBackend('auto');
    data = tinyPool(config, settings);
    const cutoff = WINDOW.from;
    d = metaDataset(data.series, {
      cutoff,
      validationFrom: cutoff - settings.validationMs,
      trainFrom: cutoff - settings.validationMs - (settings.maxTrainMs as number),
      embargoMs: settings.embargoMs,
      horizonBars: 24,
      windowLength: settings.models.windowLength,
    });
  }, 120_000);
  afterAll(() => expect(liveMemberWorkers()).toBe(0));

  it.each(['lstm', 'tcn'] as const)('a %s trained in a worker has bit for bit the weights, predictions and result of one trained in-thread', async (kind) => {
    const here = await trainMember(kind, d, options(kind));
    const workers = new MemberWorkerPool(2);
    try {
      const epochs: number[] = [];
      const there = await workers.train(kind, d, { ...options(kind), onEpoch: (r) => epochs.push(r.epoch) });
      expect(there.result.epochsRun).toBe(2);
      expect(epochs).toEqual([1, 2]);
      expect(there.result).toEqual(here.result);
      expect(there.spec).toEqual(here.spec);
      const [a, b] = [weightsOf(here), weightsOf(there)];
      expect(b.length).toBe(a.length);
      for (const [i, w] of a.entries()) expect(firstBitDifference(w, b[i] as Float32Array), `weight tensor ${i}`).toBe(-1);
      expect(firstBitDifference(there.validation.pUp, here.validation.pUp)).toBe(-1);
      expect(firstBitDifference(there.validation.expectedReturn as Float32Array, here.validation.expectedReturn as Float32Array)).toBe(-1);
      there.model.dispose();
    } finally {
      here.model.dispose();
      await workers.close();
    }
  });

  it('a fold trained on two workers is the fold trained in-thread', async () => {
    const o = { config, logger: silentLogger, interactive: false, label: 'test' };
    const inThread = await trainFold(data, WINDOW, settings, { ...o, trainer: inThreadTrainer() });
    const workers = new MemberWorkerPool(2);
    try {
      const pooled = await trainFold(data, WINDOW, settings, { ...o, trainer: workers });
      expect(pooled.members.map((m) => m.kind)).toEqual(['lstm', 'tcn']);
      for (const [k, m] of pooled.members.entries()) {
        const [a, b] = [weightsOf(inThread.members[k] as TrainedMember), weightsOf(m)];
        for (const [i, w] of a.entries()) expect(firstBitDifference(w, b[i] as Float32Array)).toBe(-1);
      }
      expect(pooled.spec).toEqual(inThread.spec);
      expect(pooled.entry).toEqual(inThread.entry);
      expect(pooled.validation).toEqual(inThread.validation);
    } finally {
      await workers.close();
      for (const f of [inThread]) for (const m of f.members) m.model.dispose();
    }
  });

  it('--tune sends its trials to the pool and picks what it picks in-thread', async () => {
    const o = { config, logger: silentLogger, interactive: false, label: 'test', tune: { method: 'random' as const, budget: 2 } };
    const inThread = await trainFold(data, WINDOW, settings, o);
    const workers = new MemberWorkerPool(2);
    try {
      const pooled = await trainFold(data, WINDOW, settings, { ...o, trainer: workers });
      expect(pooled.members.map((m) => [m.spec, m.options.learningRate])).toEqual(inThread.members.map((m) => [m.spec, m.options.learningRate]));
      expect(pooled.members.map((m) => m.result.bestValLoss)).toEqual(inThread.members.map((m) => m.result.bestValLoss));
      for (const m of pooled.members) m.model.dispose();
    } finally {
      await workers.close();
      for (const m of inThread.members) m.model.dispose();
    }
  });

  it('a member whose worker throws (bad sizes) fails the fold with the sizes error, stops the others, and leaves no worker once closed', async () => {
    const bad: Config = {
      ...config,
      models: { ...config.models, quick: { ...config.models.quick, sizes: { ...config.models.quick.sizes, lstm: { units: [0] } } } },
    };
    // Many epochs for tcn: the fold ends only because lstm's failure stops it.
    const badSettings = {
      ...pipelineSettings(bad, true),
      models: { ...pipelineSettings(bad, true).models, training: { epochs: 500, patience: 500, batchSize: 64, learningRate: 0.003 } },
    };
    const workers = new MemberWorkerPool(2);
    try {
      const failed = await trainFold(data, WINDOW, badSettings, {
        config: bad,
        logger: silentLogger,
        interactive: false,
        label: 'test',
        trainer: workers,
      }).catch((err: unknown) => err);
      expect(failed).toBeInstanceOf(UserError);
      expect((failed as UserError).message).toMatch(/invalid lstm model sizes: units\.0/);
      expect((failed as UserError).hint).toMatch(/fix the lstm sizes/);
    } finally {
      await workers.close();
    }
    expect(workers.workers).toBe(0);
    await until(() => liveMemberWorkers() === 0);
  });

  it('an abort stops the members between batches (their best weights so far), and close terminates the workers', async () => {
    const long = { ...settings, models: { ...settings.models, training: { epochs: 500, patience: 500, batchSize: 64, learningRate: 0.003 } } };
    const workers = new MemberWorkerPool(2);
    const stop = new AbortController();
    let epochs = 0;
    const counting: MemberTrainer = {
      concurrency: workers.concurrency,
      train: (kind, d, o) =>
        workers.train(kind, d, {
          ...o,
          onEpoch: (r) => {
            epochs++;
            o.onEpoch?.(r);
          },
        }),
      close: () => workers.close(),
    };
    try {
      const fold = trainFold(data, WINDOW, long, { config, logger: silentLogger, interactive: false, label: 'test', trainer: counting, signal: stop.signal });
      await until(() => epochs >= 2);
      stop.abort();
      const f = await fold;
      expect(f.members.map((m) => m.result.stopReason)).toEqual(['aborted', 'aborted']);
      for (const m of f.members) m.model.dispose();
    } finally {
      await workers.close();
    }
    await until(() => liveMemberWorkers() === 0);
  });
});

describe('optimize.workers as threads', () => {
  it('auto is one per CPU, never more than the members of a fold, never fewer than one', () => {
    expect(workerCount('auto', 4, 2)).toBe(2);
    expect(workerCount('auto', 4, 16)).toBe(4);
    expect(workerCount(3, 2, 16)).toBe(2);
    expect(workerCount(1, 4, 16)).toBe(1);
    expect(workerCount('auto', 4, 0)).toBe(1);
  });

  it('one worker trains on this thread, more in a pool of worker threads', async () => {
    const one = memberTrainer(1);
    const two = memberTrainer(2);
    expect(one).not.toBeInstanceOf(MemberWorkerPool);
    expect(two).toBeInstanceOf(MemberWorkerPool);
    expect(two.concurrency).toBe(2);
    await Promise.all([one.close(), two.close()]);
  });
});
