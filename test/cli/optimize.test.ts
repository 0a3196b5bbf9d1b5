import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/models/persistence/loadModel.js';
import { UserError } from '../../src/internal/errors.js';
import { runBot } from '../support/cli.js';
import { hasSharedData, SHARED_DATA_MISSING, sharedFile } from '../support/sharedData.js';
import { makeTempHome } from '../support/tempHome.js';

const KINDS = ['transformer', 'tcn', 'lstm', 'cnnLstm'];

describe.skipIf(!hasSharedData)(`bot optimize --quick on real SOL candles ${hasSharedData ? '' : SHARED_DATA_MISSING}`, () => {
  const home = makeTempHome();
  const h = ['--home', home.dir];
  afterAll(() => home.cleanup());
  beforeAll(async () => {
    for (const [file, symbol] of [['SOL-USDT_1h.csv', 'SOL/USD'], ['BTC-USDT_1h.csv', 'BTC/USD']] as const) {
      const r = await runBot([...h, 'data', 'import', sharedFile('binance', file), '--symbol', symbol, '--timeframe', '1h']);
      expect(r.code, r.stderr).toBe(0);
    }
  });

  it('trains every model kind, saves it with metrics and baselines, and registers it as staging', async () => {
    const r = await runBot([...h, 'optimize', '--assets', 'SOL/USD', '--quick', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      backend: string;
      assets: {
        asset: string;
        members: { id: string }[];
        ensemble: { id: string; minConfidence: number; metrics: Record<string, number | null> };
        backtest: { dir: string; summary: { fingerprint: string; buyAndHold: unknown } };
        promotion: { promote: boolean; reason: string };
      }[];
    };
    expect(['wasm', 'tensorflow', 'cpu']).toContain(out.backend);
    const sol = out.assets[0];
    if (!sol) throw new Error('no asset in the summary');
    expect(sol.members.map((m) => m.id.split('/')[0])).toEqual(expect.arrayContaining(KINDS));
    // The ensemble: a version file, scored on the test block beside the baselines.
    expect(sol.ensemble.id).toBe('ensemble/SOL-USD/v1');
    expect(fs.existsSync(path.join(home.dir, 'models', 'ensemble', 'SOL-USD', 'v1.json'))).toBe(true);
    expect(sol.ensemble.metrics['test.logLoss']).toEqual(expect.any(Number));
    expect(sol.ensemble.minConfidence).toBeGreaterThanOrEqual(0.5);
    // The walk-forward backtest wrote its report; the promotion decision says why.
    for (const f of ['report.json', 'trades.csv', 'equity.csv', 'report.html']) expect(fs.existsSync(path.join(sol.backtest.dir, f)), f).toBe(true);
    expect(sol.backtest.summary.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(sol.promotion.reason.length).toBeGreaterThan(10);
    expect(fs.existsSync(path.join(home.dir, 'models', 'ensemble', 'SOL-USD.json'))).toBe(sol.promotion.promote);

    for (const kind of KINDS) {
      const dir = path.join(home.dir, 'models', kind, 'SOL-USD', 'v1');
      for (const f of ['model.json', 'weights.bin', 'meta.json', 'training-curve.svg']) expect(fs.existsSync(path.join(dir, f)), `${kind}/${f}`).toBe(true);
      const meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8')) as {
        metrics: Record<string, number>;
        ranges: { train: { to: string }; validation: { from: string; to: string }; test: { from: string } };
        backend: string;
        featureSchemaHash: string;
      };
      for (const key of ['test.auc', 'test.accuracy', 'test.logLoss', 'test.brier', 'test.ece', 'test.f1', 'baseline.majority.test.logLoss', 'baseline.logistic.test.auc', 'baseline.fallback.test.auc']) {
        expect(meta.metrics[key], `${kind} ${key}`).toEqual(expect.any(Number));
      }
      // Purged, in time order: training ends before validation starts, validation before test.
      expect(Date.parse(meta.ranges.train.to)).toBeLessThan(Date.parse(meta.ranges.validation.from));
      expect(Date.parse(meta.ranges.validation.to)).toBeLessThan(Date.parse(meta.ranges.test.from));
      // Loads without tfjs-node, and refuses features of another schema.
      const loaded = await loadModel(dir, meta.featureSchemaHash);
      loaded.model.dispose();
      await expect(loadModel(dir, 'another-schema')).rejects.toThrow(UserError);
    }

    const list = JSON.parse((await runBot([...h, 'models', 'list', '--json'])).stdout) as { models: { id: string; status: string; kind: string }[] };
    expect(list.models.filter((m) => KINDS.includes(m.kind)).every((m) => m.status === 'staging' || m.status === 'production')).toBe(true);
    const show = await runBot([...h, 'models', 'show', 'lstm/SOL-USD/v1', '--json']);
    expect(show.code, show.stderr).toBe(0);
    expect(JSON.parse(show.stdout).meta.kind).toBe('lstm');
    const missing = await runBot([...h, 'models', 'show', 'lstm/SOL-USD/v99']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no model version 'lstm\/SOL-USD\/v99'/);
  });

  it('gives the same metrics when run again with the same seed', async () => {
    const r = await runBot([...h, 'optimize', '--assets', 'SOL/USD', '--quick', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const metaOf = (v: string) => JSON.parse(fs.readFileSync(path.join(home.dir, 'models', 'lstm', 'SOL-USD', v, 'meta.json'), 'utf8')).metrics;
    expect(metaOf('v2')).toEqual(metaOf('v1'));
  });

  it('says what to do when an asset has no candles', async () => {
    const r = await runBot([...h, 'optimize', '--assets', 'ETH/USD', '--quick']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no ETH\/USD 1h candles/);
  });

  it('tunes with successive halving when asked, on validation loss only', async () => {
    const r = await runBot([...h, 'optimize', '--assets', 'SOL/USD', '--quick', '--tune', 'halving', '--budget', '2', '--json'], { BOT_LOG_LEVEL: 'info' });
    expect(r.code, r.stderr).toBe(0);
    const bad = await runBot([...h, 'optimize', '--assets', 'SOL/USD', '--tune', 'grid']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Allowed choices are random, halving/);
  });
});
