import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEnsembleArtifact } from '../../src/ensemble/ensembleArtifact.js';
import { homePaths } from '../../src/runtime/home.js';
import type { RetrainRun } from '../../src/store/retrainRepository.js';
import { Store } from '../../src/store/store.js';
import { runBot } from '../support/cli.js';
import { spawnBot, waitFor } from '../support/botProcess.js';
import { hasSharedData, SHARED_DATA_MISSING } from '../support/sharedData.js';
import { writeHomeConfig } from '../support/tempHome.js';
import { trainedHome, type TrainedHome } from '../support/trainedHome.js';

const V1 = 'ensemble/SOL-USD/v1';

const config = (retrain: string) => `assets: [SOL/USD]\nmodels:\n  kinds: [lstm]\n  retrain: { ${retrain} }\n`;

describe.skipIf(!hasSharedData)(`retraining in the daemon, in a child process, on the feed's clock ${hasSharedData ? '' : SHARED_DATA_MISSING}`, () => {
  let home: TrainedHome;
  let paths: ReturnType<typeof homePaths>;
  const withStore = <T>(fn: (s: Store) => T): T => {
    const s = Store.open(paths.database);
    try {
      return fn(s);
    } finally {
      s.close();
    }
  };
  const retrains = () => withStore((s) => s.retrains.list().reverse());
  const production = () => withStore((s) => s.production.list('SOL/USD'));

  /** Every registered version is whole on disk: a model folder with its three files, an ensemble file that parses. */
  const expectRegistryWhole = () =>
    withStore((s) => {
      for (const v of s.models.list()) {
        const p = path.join(paths.modelsDir, v.path);
        if (v.kind === 'ensemble') parseEnsembleArtifact(JSON.parse(fs.readFileSync(p, 'utf8')), p);
        else for (const f of ['model.json', 'weights.bin', 'meta.json']) expect(fs.existsSync(path.join(p, f)), `${v.id} ${f}`).toBe(true);
      }
    });

  beforeAll(async () => {
    home = await trainedHome([42]);
    paths = homePaths(home.dir);
    expect((await runBot([...home.h, 'models', 'promote', V1])).code).toBe(0);
  }, 300_000);
  afterAll(() => home?.cleanup());

  it('a replay with retrain every 30d retrains on schedule and records each verdict; production changes only by the promotion rule', async () => {
    writeHomeConfig(home.dir, config('every: 30d, quick: true'));
    const run = await runBot([...home.h, 'run', '--sandbox', '--feed', 'replay', '--from', '2025-02-01', '--iterations', String(24 * 65), '--interval', '0']);
    expect(run.code, run.stderr).toBe(0);
    const runs = retrains();
    expect(runs).toHaveLength(2);
    for (const r of runs) {
      expect(r.trigger).toBe('schedule (every 30d)');
      expect(r.dataTo).toBe(r.feedTime);
      expect(['promoted', 'refused']).toContain(r.status);
      expect(r.candidate).toMatch(/^ensemble\/SOL-USD\/v\d+$/);
      expect(r.message).toMatch(/^(promoted|kept production v\d+): /);
    }
    expect(runs[1]!.feedTime - runs[0]!.feedTime).toBeGreaterThanOrEqual(30 * 86_400_000);
    // The candidate was trained on nothing after the feed's time.
    const candidate = withStore((s) => s.models.get(runs[0]!.candidate!))!;
    const artifact = parseEnsembleArtifact(JSON.parse(fs.readFileSync(path.join(paths.modelsDir, candidate.path), 'utf8')), 'candidate');
    expect(Date.parse(artifact.ranges.validation.to)).toBeLessThanOrEqual(runs[0]!.dataTo);
    // Each promotion is recorded as the retrain's, and the decisions after it carry the new version.
    const promoted = runs.filter((r) => r.status === 'promoted');
    expect(
      production()
        .filter((c) => c.trigger.startsWith('retrain #'))
        .map((c) => c.modelId),
    ).toEqual(promoted.map((r) => r.candidate).reverse());
    if (promoted.length === 0) expect(production()[0]!.modelId).toBe(V1);
    expectRegistryWhole();
    // People see the same records without SQLite.
    const listed = await runBot([...home.h, 'models', 'retrains', '--json']);
    expect((JSON.parse(listed.stdout) as { retrains: unknown[] }).retrains).toEqual([...runs].reverse());
    const text = (await runBot([...home.h, 'models', 'retrains'])).stdout.trim().split('\n');
    expect(text).toHaveLength(2);
    expect(text[1]).toMatch(
      /^#\d+ {2}2025-03-0\d{1}T\d\d:00 \(feed\) {2}SOL\/USD {2}schedule \(every 30d\) {2}(promoted|refused) +ensemble\/SOL-USD\/v\d+ {2}[\d.]+ min: /,
    );
  }, 400_000);

  it('a retrain that runs past its timeout is stopped and recorded; production stays as it was', async () => {
    writeHomeConfig(home.dir, config('every: 1d, quick: true, timeoutMinutes: 0.002'));
    const before = production();
    const run = await runBot([...home.h, 'run', '--sandbox', '--feed', 'replay', '--iterations', '30', '--interval', '0']);
    expect(run.code, run.stderr).toBe(0);
    const last = retrains().at(-1)!;
    expect(last).toMatchObject({ status: 'timeout', message: expect.stringMatching(/production unchanged/) as unknown as string });
    expect(production()).toEqual(before);
    expectRegistryWhole();
  }, 120_000);

  it('kill -9 of the daemon during a retrain: the retrain dies with it; a restart records it abandoned, and the registry is whole', async () => {
    writeHomeConfig(home.dir, config('every: 1d, quick: true'));
    const before = production();
    const count = retrains().length;
    const daemon = spawnBot(['--home', home.dir, 'run', '--sandbox', '--feed', 'replay', '--iterations', '200', '--interval', '0']);
    let running: RetrainRun | undefined;
    await waitFor(
      () => {
        running = retrains()
          .slice(count)
          .find((r) => r.status === 'running' && r.pid !== null);
        return running !== undefined;
      },
      120_000,
      50,
    );
    // Killed as soon as the child runs: a quick retrain can end within seconds on a fast machine, and the
    // daemon, the only writer of the row, must die while the row still says running.
    daemon.child.kill('SIGKILL');
    await daemon.exited;
    expect(retrains().find((r) => r.id === running!.id)?.status, 'the retrain ended before the kill landed').toBe('running');
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    await waitFor(() => !alive(running!.pid!), 30_000, 50);
    const restart = await runBot([...home.h, 'run', '--sandbox', '--feed', 'replay', '--iterations', '1', '--interval', '0'], { BOT_LOG_LEVEL: 'error' });
    expect(restart.code, restart.stderr).toBe(0);
    expect(retrains().find((r) => r.id === running!.id)?.status).toBe('abandoned');
    // Either nothing of it or all of it: here it died training, so production is as it was.
    expect(production().slice(-before.length)).toEqual(before);
    expectRegistryWhole();
  }, 200_000);
});
