import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WalkForwardComparison } from '../../src/backtest/walkForwardComparison.js';
import { loadConfig } from '../../src/config/load.js';
import { parseEnsembleArtifact } from '../../src/ensemble/ensembleArtifact.js';
import { silentLogger } from '../../src/internal/logger.js';
import { UserError } from '../../src/internal/errors.js';
import { selectInferenceRuntime } from '../../src/models/inference/selectRuntime.js';
import { loadModel } from '../../src/models/persistence/loadModel.js';
import { ensembleVersionFile, writeProductionEnsemble } from '../../src/runtime/ensemble/ensembleFiles.js';
import { productionScorers } from '../../src/runtime/ensemble/productionScorers.js';
import { homePaths } from '../../src/runtime/home.js';
import { Store } from '../../src/store/store.js';
import { runBot } from '../support/cli.js';
import { hasSharedData, SHARED_DATA_MISSING, sharedFile } from '../support/sharedData.js';
import { makeTempHome } from '../support/tempHome.js';

const KINDS = ['transformer', 'tcn', 'lstm', 'cnnLstm'];
const POOL = ['BTC/USD', 'SOL/USD'];

interface Outcome {
  backend: string;
  pool: string[];
  candidate: { id: string; members: string[]; horizonBars: number; minConfidence: number };
  folds: { from: string; to: string; horizonBars: number; entryThreshold: number }[];
  walkForward: WalkForwardComparison;
  production?: { version: string; comparison?: WalkForwardComparison; notJudged?: string };
  report: { dir: string };
  promotion: { promote: boolean; reason: string };
}

describe.skipIf(!hasSharedData)(`bot optimize --quick on real candles ${hasSharedData ? '' : SHARED_DATA_MISSING}`, () => {
  const home = makeTempHome();
  const h = ['--home', home.dir];
  const paths = homePaths(home.dir);
  let first: Outcome;
  afterAll(() => home.cleanup());
  beforeAll(async () => {
    for (const [file, symbol] of [
      ['SOL-USDT_1h.csv', 'SOL/USD'],
      ['BTC-USDT_1h.csv', 'BTC/USD'],
    ] as const) {
      const r = await runBot([...h, 'data', 'import', sharedFile('binance', file), '--symbol', symbol, '--timeframe', '1h']);
      expect(r.code, r.stderr).toBe(0);
    }
    const r = await runBot([...h, 'optimize', '--assets', 'SOL/USD', 'BTC/USD', '--quick', '--json']);
    expect(r.code, r.stderr).toBe(0);
    first = JSON.parse(r.stdout) as Outcome;
  }, 300_000);

  it('trains one pooled model per kind, walks forward through the engine beside the rule-based strategy, and decides in one line', () => {
    expect(['wasm', 'tensorflow', 'cpu']).toContain(first.backend);
    expect(first.pool).toEqual(POOL);
    expect(first.candidate.id).toBe('ensemble/BTC-USD-SOL-USD/v1');
    expect(first.candidate.members.map((id) => id.split('/')[0])).toEqual(KINDS);
    expect([24, 72, 168]).toContain(first.candidate.horizonBars);
    // Two folds of the quick settings, back to back, ending with the data; every entry threshold at or above the lowest tier.
    expect(first.folds).toHaveLength(2);
    expect(first.folds[0]!.to).toBe(first.folds[1]!.from);
    for (const f of first.folds) expect(f.entryThreshold).toBeGreaterThanOrEqual(0.65);
    // The verdict: both runs over the same bars, the interval around the difference, per fold and pooled.
    const wf = first.walkForward;
    expect(wf.folds).toHaveLength(2);
    expect(wf.difference.difference).toBeCloseTo(wf.candidate.sharpe - wf.rule.sharpe, 12);
    expect(wf.difference.low).toBeLessThanOrEqual(wf.difference.difference);
    expect(wf.difference.high).toBeGreaterThanOrEqual(wf.difference.difference);
    expect(wf.rule.trades).toBeGreaterThan(0);
    // Out-of-sample calibration: every proposed trade judged, and where its confidence fell.
    const c = wf.calibration!;
    expect(c.judged).toBeGreaterThan(20);
    expect(c.tiers.map((t) => t.minConfidence)).toEqual([0.9, 0.8, 0.7, 0.65, 0]);
    expect(c.tiers.reduce((s, t) => s + t.share, 0)).toBeCloseTo(1, 12);
    expect(c.ece).toEqual(expect.any(Number));
    expect(c.baseRateLogLoss).toEqual(expect.any(Number));
    // The report of the walk-forward carries the verdict.
    const report = JSON.parse(fs.readFileSync(path.join(first.report.dir, 'report.json'), 'utf8')) as {
      walkForwardComparison: WalkForwardComparison;
      folds: unknown[];
    };
    expect(report.walkForwardComparison.difference).toEqual(wf.difference);
    expect(report.folds).toHaveLength(2);
    // One line, and the production files follow it.
    expect(first.promotion.reason).not.toMatch(/\n/);
    expect(first.promotion.reason).toMatch(
      /^(promoted|not promoted, stays on the rule-based strategy): walk-forward Sharpe -?\d+\.\d\d vs -?\d+\.\d\d for the rule-based strategy, difference -?\d+\.\d\d, 95% interval \[/,
    );
    for (const asset of ['SOL-USD', 'BTC-USD']) expect(fs.existsSync(path.join(paths.modelsDir, 'ensemble', `${asset}.json`))).toBe(first.promotion.promote);
  });

  it("saves the candidate as it was traded: the last fold's models, whose predictions the walk-forward cached under their ids", async () => {
    const artifact = parseEnsembleArtifact(JSON.parse(fs.readFileSync(ensembleVersionFile(paths.modelsDir, POOL, 'v1'), 'utf8')), 'v1');
    expect(artifact.pool).toEqual(POOL);
    expect(Date.parse(artifact.trainedThrough)).toBeLessThanOrEqual(Date.parse(first.folds[1]!.from));
    expect(artifact.minConfidence).toBe(first.candidate.minConfidence);
    for (const kind of KINDS) {
      const dir = path.join(paths.modelsDir, kind, 'BTC-USD-SOL-USD', 'v1');
      for (const f of ['model.json', 'weights.bin', 'meta.json', 'training-curve.svg']) expect(fs.existsSync(path.join(dir, f)), `${kind}/${f}`).toBe(true);
      const meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8')) as {
        ranges: { validation: { to: string }; test: { from: string } };
        featureSchemaHash: string;
      };
      expect(Date.parse(meta.ranges.validation.to)).toBeLessThan(Date.parse(meta.ranges.test.from));
      expect(meta.ranges.test.from.slice(0, 10)).toBe(first.folds[1]!.from);
      const loaded = await loadModel(dir, meta.featureSchemaHash);
      loaded.model.dispose();
      await expect(loadModel(dir, 'another-schema')).rejects.toThrow(UserError);
    }
    // Registered under the pool; listed for each asset of it.
    const list = JSON.parse((await runBot([...h, 'models', 'list', '--asset', 'SOL/USD', '--json'])).stdout) as { models: { id: string; status: string }[] };
    expect(list.models.map((m) => m.id)).toEqual(expect.arrayContaining([...first.candidate.members, first.candidate.id]));
    // The saved models, loaded from disk and run bar by bar as the daemon runs them, give the numbers the walk-forward traded on.
    const { config } = loadConfig(paths.configFile, [{ path: ['assets'], value: ['SOL/USD'], flag: '--assets' }]);
    writeProductionEnsemble(paths.modelsDir, 'SOL/USD', artifact);
    const store = Store.open(paths.database);
    // The runtime `bot optimize` chose from the same config: the walk-forward's predictions it cached are that runtime's.
    const runtime = await selectInferenceRuntime(config.models.runtime);
    const live = await productionScorers({ config, store, modelsDir: paths.modelsDir, logger: silentLogger, mode: { kind: 'live' }, runtime });
    try {
      const lstmId = first.candidate.members.find((id) => id.startsWith('lstm/'))!;
      const from = Date.parse(first.folds[1]!.from);
      const cached = store.predictions.range(
        { modelId: lstmId, runtime: runtime.name, symbol: 'SOL/USD', timeframe: '1h' },
        from,
        Date.parse(first.folds[1]!.to),
      );
      expect(cached.length).toBeGreaterThan(5);
      const scorer = live.scorers.get('SOL/USD')!;
      const sol = store.candles.range('SOL/USD', '1h');
      const btc = store.candles.range('BTC/USD', '1h');
      const byTime = new Map(cached.map((c) => [c.barTime, c.pUp]));
      let compared = 0;
      let j = 0;
      for (let i = 0; i < sol.length; i++) {
        const bar = sol[i]!;
        while (j < btc.length && btc[j]!.time <= bar.time) scorer.observe?.('BTC/USD', btc[j++]!);
        scorer.observe?.('SOL/USD', bar);
        const want = byTime.get(bar.time);
        if (want === undefined) continue;
        const s = await scorer.score('SOL/USD', sol.slice(i - 300, i + 1), { assetRegime: 'ranging' });
        expect(s.members.find((m) => m.name === 'lstm')?.probability).toBe(want);
        compared++;
      }
      expect(compared).toBe(cached.length);
    } finally {
      live.dispose();
      store.close();
      fs.rmSync(path.join(paths.modelsDir, 'ensemble', 'SOL-USD.json'));
    }
  });

  it('judges production only on the folds after its training: an identical candidate does not beat it, and the run is reproducible', async () => {
    const artifact = parseEnsembleArtifact(JSON.parse(fs.readFileSync(ensembleVersionFile(paths.modelsDir, POOL, 'v1'), 'utf8')), 'v1');
    for (const asset of POOL) writeProductionEnsemble(paths.modelsDir, asset, artifact);
    const r = await runBot([...h, 'optimize', '--assets', 'SOL/USD', 'BTC/USD', '--quick', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const again = JSON.parse(r.stdout) as Outcome;
    expect(again.candidate.id).toBe('ensemble/BTC-USD-SOL-USD/v2');
    // Same seed, same data: the same walk-forward.
    expect(again.walkForward).toEqual(first.walkForward);
    // v1 was trained before the second fold only: it is judged there, and nowhere else.
    const prod = again.production!;
    expect(prod.version).toBe('v1');
    expect(prod.comparison?.folds.map((f) => f.from)).toEqual([Date.parse(first.folds[1]!.from)]);
    expect(prod.comparison?.difference).toMatchObject({ difference: 0, low: 0, high: 0 });
    expect(again.promotion.promote).toBe(false);
    expect(again.promotion.reason).toMatch(/^kept production v1: /);
  }, 300_000);

  it('bot backtest --walk-forward shows the retrained models beside the rule-based strategy, with the interval', async () => {
    const r = await runBot([
      ...h,
      'backtest',
      '--assets',
      'SOL/USD',
      'BTC/USD',
      '--from',
      '2025-05-01',
      '--to',
      '2025-06-30',
      '--walk-forward',
      '--folds',
      '2',
      '--quick',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/fold 1 2025-05-01 \.\. 2025-05-31: sharpe/);
    expect(r.stdout).toMatch(/ML ensemble +sharpe/);
    expect(r.stdout).toMatch(/rule-based strategy +sharpe/);
    expect(r.stdout).toMatch(/sharpe difference -?\d+\.\d\d, 95% interval \[-?\d+\.\d\d, -?\d+\.\d\d\]/);
    expect(r.stdout).toMatch(/out-of-sample calibration: \d+ proposed trades judged/);
  }, 300_000);

  it('says what to do when an asset has no candles, and refuses an unknown tuning method', async () => {
    const r = await runBot([...h, 'optimize', '--assets', 'ETH/USD', '--quick']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no ETH\/USD 1h candles/);
    const bad = await runBot([...h, 'optimize', '--assets', 'SOL/USD', '--tune', 'grid']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Allowed choices are random, halving/);
    const short = await runBot([
      ...h,
      'backtest',
      '--assets',
      'SOL/USD',
      '--from',
      '2025-06-01',
      '--to',
      '2025-06-03',
      '--walk-forward',
      '--folds',
      '4',
      '--quick',
    ]);
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/2 days cannot be cut into 4 folds/);
    // SOL's history starts in August 2020: nothing to train a fold of September 2020 on.
    const early = await runBot([
      ...h,
      'backtest',
      '--assets',
      'SOL/USD',
      '--from',
      '2020-09-01',
      '--to',
      '2020-11-01',
      '--walk-forward',
      '--folds',
      '1',
      '--quick',
    ]);
    expect(early.code).toBe(2);
    expect(early.stderr).toMatch(/cannot train the fold from 2020-09-01: no training samples/);
  });
});
