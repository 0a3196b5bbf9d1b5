import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { homePaths } from '../../src/runtime/home.js';
import { runBot } from '../support/cli.js';
import { hasSharedData, SHARED_DATA_MISSING } from '../support/sharedData.js';
import { trainedHome, type TrainedHome } from '../support/trainedHome.js';

interface Listed {
  models: { id: string; kind: string; status: string }[];
}
interface History {
  changes: { asset: string; modelId: string | null; previousId: string | null; action: string; trigger: string; reason: string }[];
}

const V1 = 'ensemble/SOL-USD/v1';
const V2 = 'ensemble/SOL-USD/v2';

describe.skipIf(!hasSharedData)(`bot models on a home with two trained ensembles ${hasSharedData ? '' : SHARED_DATA_MISSING}`, () => {
  let home: TrainedHome;
  let h: string[];
  const status = async (id: string) => (JSON.parse((await runBot([...h, 'models', 'show', id, '--json'])).stdout) as { status: string }).status;
  const productionFile = () => path.join(homePaths(home.dir).modelsDir, 'ensemble', 'SOL-USD.json');
  beforeAll(async () => {
    home = await trainedHome([42, 7], ['lstm', 'cnnLstm']);
    h = home.h;
  }, 300_000);
  afterAll(() => home?.cleanup());

  it('optimize, with no production ensemble to keep, says the asset stays on the rule-based strategy', () => {
    const first = home.runs[0]!;
    expect(first.candidate.id).toBe(V1);
    // The quick models on a year of SOL never reach their entry threshold: nothing to promote.
    expect(first.promotion.promote).toBe(false);
    expect(first.promotion.reason).toMatch(/^not promoted, stays on the rule-based strategy: walk-forward Sharpe/);
    expect(first.promotion.reason).not.toMatch(/kept production/);
  });

  it('models show on an ensemble shows its artifact, not a missing meta.json', async () => {
    const text = await runBot([...h, 'models', 'show', V1]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).not.toMatch(/missing/);
    expect(text.stdout).toMatch(/pool SOL\/USD; horizon \d+ bars/);
    const json = JSON.parse((await runBot([...h, 'models', 'show', V1, '--json'])).stdout) as { artifact: { pool: string[]; members: Record<string, string> } };
    expect(json.artifact.pool).toEqual(['SOL/USD']);
    expect(Object.keys(json.artifact.members)).toEqual(expect.arrayContaining(['lstm', 'cnn_lstm']));
    // A model's folder still shows its meta.json.
    const member = JSON.parse((await runBot([...h, 'models', 'show', 'lstm/SOL-USD/v1', '--json'])).stdout) as { meta: { windowLength: number } | null };
    expect(member.meta?.windowLength).toEqual(expect.any(Number));
  });

  it('models list --kind takes cnnLstm or cnn_lstm alike, and refuses an unknown kind with exit 2', async () => {
    const byName = JSON.parse((await runBot([...h, 'models', 'list', '--kind', 'cnnLstm', '--json'])).stdout) as Listed;
    const byMember = JSON.parse((await runBot([...h, 'models', 'list', '--kind', 'cnn_lstm', '--json'])).stdout) as Listed;
    expect(byName.models.map((m) => m.id)).toEqual(['cnnLstm/SOL-USD/v1', 'cnnLstm/SOL-USD/v2']);
    expect(byMember).toEqual(byName);
    const bad = await runBot([...h, 'models', 'list', '--kind', 'gru']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/'gru' is not a model kind; use one of transformer, tcn, lstm, cnnLstm, ensemble/);
  });

  it('promote, promote again, roll back twice, retire: production follows, and every change is recorded with who and why', async () => {
    expect(fs.existsSync(productionFile())).toBe(false);
    const p1 = await runBot([...h, 'models', 'promote', V1, '--reason', 'first one']);
    expect(p1.code, p1.stderr).toBe(0);
    expect(await status(V1)).toBe('production');
    expect(await status('lstm/SOL-USD/v1')).toBe('production');
    expect((JSON.parse(fs.readFileSync(productionFile(), 'utf8')) as { version: string }).version).toBe('v1');

    expect((await runBot([...h, 'models', 'promote', V2])).code).toBe(0);
    expect(await status(V2)).toBe('production');
    expect(await status(V1)).toBe('retired');
    expect(await status('lstm/SOL-USD/v1')).toBe('retired');
    expect((JSON.parse(fs.readFileSync(productionFile(), 'utf8')) as { version: string }).version).toBe('v2');

    const back = await runBot([...h, 'models', 'rollback', 'SOL/USD', '--reason', 'v2 drifted']);
    expect(back.code, back.stderr).toBe(0);
    expect(await status(V1)).toBe('production');
    expect(await status(V2)).toBe('retired');
    expect((JSON.parse(fs.readFileSync(productionFile(), 'utf8')) as { version: string }).version).toBe('v1');
    // Rolling back again goes further back (to what v1 replaced: the rule-based strategy), not to and fro.
    expect((await runBot([...h, 'models', 'rollback', 'SOL/USD'])).code).toBe(0);
    expect(fs.existsSync(productionFile())).toBe(false);
    expect(await status(V1)).toBe('retired');
    const none = await runBot([...h, 'models', 'rollback', 'SOL/USD']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/SOL\/USD has no production ensemble to roll back/);

    expect((await runBot([...h, 'models', 'promote', V2])).code).toBe(0);
    const retired = await runBot([...h, 'models', 'retire', V2, '--reason', 'enough']);
    expect(retired.code, retired.stderr).toBe(0);
    expect(await status(V2)).toBe('retired');
    expect(fs.existsSync(productionFile())).toBe(false);

    const history = JSON.parse((await runBot([...h, 'models', 'history', '--asset', 'SOL/USD', '--json'])).stdout) as History;
    expect(history.changes.map((c) => [c.action, c.previousId, c.modelId]).reverse()).toEqual([
      ['promote', null, V1],
      ['promote', V1, V2],
      ['rollback', V2, V1],
      ['rollback', V1, null],
      ['promote', null, V2],
      ['retire', V2, null],
    ]);
    expect(history.changes.at(-1)).toMatchObject({ trigger: 'operator (bot models promote)', reason: 'first one' });
    expect(history.changes.find((c) => c.reason === 'v2 drifted')?.trigger).toBe('operator (bot models rollback)');
  });

  it('refuses what cannot be production, with exit 2 and nothing changed', async () => {
    const before = (await runBot([...h, 'models', 'history', '--json'])).stdout;
    const member = await runBot([...h, 'models', 'promote', 'lstm/SOL-USD/v1']);
    expect(member.code).toBe(2);
    expect(member.stderr).toMatch(/lstm\/SOL-USD\/v1 is a lstm model, not an ensemble/);
    const unknown = await runBot([...h, 'models', 'promote', 'ensemble/SOL-USD/v9']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no ensemble version 'ensemble\/SOL-USD\/v9'/);
    const other = await runBot([...h, 'models', 'promote', V1, '--asset', 'BTC/USD']);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/was trained on SOL\/USD, not BTC\/USD/);
    expect((await runBot([...h, 'models', 'history', '--json'])).stdout).toBe(before);
  });

  it('compare: both on the same block after both were trained, the same metrics side by side, beside the rule-based strategy', async () => {
    const r = await runBot([...h, 'models', 'compare', V1, V2, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const c = JSON.parse(r.stdout) as {
      assets: string[];
      from: string;
      to: string;
      models: {
        id: string;
        trainedThrough: string;
        trading: { sharpe: number; trades: number };
        predictions: { judged: number; auc: number | null; brier: number | null };
      }[];
      rule: { sharpe: number; trades: number };
    };
    expect(c.assets).toEqual(['SOL/USD']);
    expect(c.models.map((m) => m.id)).toEqual([V1, V2]);
    for (const m of c.models) {
      expect(Date.parse(c.from)).toBeGreaterThan(Date.parse(m.trainedThrough));
      expect(m.predictions.judged).toBeGreaterThan(5);
      expect(m.predictions.brier).toEqual(expect.any(Number));
      expect(m.trading.sharpe).toEqual(expect.any(Number));
    }
    expect(c.rule.trades).toBeGreaterThan(0);
    expect(c.to.slice(0, 10)).toBe('2025-07-01');
    const text = await runBot([...h, 'models', 'compare', V1, V2]);
    expect(text.stdout).toMatch(/^SOL\/USD: test block /);
    expect(text.stdout).toMatch(/\nauc {2,}/);
    const unknown = await runBot([...h, 'models', 'compare', V1, 'ensemble/SOL-USD/v9']);
    expect(unknown.code).toBe(2);
  }, 120_000);
});
