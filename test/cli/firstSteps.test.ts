import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runBot } from '../support/cli.js';
import { makeTempHome, writeHomeConfig } from '../support/tempHome.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
function home(): string {
  const h = makeTempHome('bot-first-steps-');
  cleanups.push(h.cleanup);
  return h.dir;
}

const shownValues = z.object({
  files: z.array(z.string()),
  values: z.array(z.object({ key: z.string(), value: z.unknown(), origin: z.enum(['default', 'home', 'environment', 'flag']), where: z.string().optional() })),
});

describe('first steps: bot --version, bot init, bot config show', () => {
  it('--version prints the package version', async () => {
    const pkg = z.object({ version: z.string() }).parse(JSON.parse(fs.readFileSync('package.json', 'utf8')));
    const r = await runBot(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('init writes a home whose config sets nothing yet, and says what to run next', async () => {
    const dir = path.join(home(), 'new-home');
    const r = await runBot(['init', dir]);
    expect(r.code, r.stderr).toBe(0);
    for (const sub of ['config/default.yaml', 'models', 'training_data', 'backtest_results']) expect(fs.existsSync(path.join(dir, sub)), sub).toBe(true);
    expect(r.stdout).toMatch(/bot data download --assets/);
    expect(r.stdout).toMatch(/bot backtest --from \d{4}-\d\d-\d\d/);
    expect(r.stdout).toMatch(/bot run --sandbox/);
    const shown = await runBot(['--home', dir, 'config', 'show', '--json']);
    expect(shown.code, shown.stderr).toBe(0);
    const values = shownValues.parse(JSON.parse(shown.stdout)).values;
    expect(values.length).toBeGreaterThan(100);
    expect(values.filter((v) => v.origin !== 'default')).toEqual([]);
  });

  it('init never overwrites a config: exit 2, the file as it was', async () => {
    const dir = home();
    writeHomeConfig(dir, 'capital: 123\n');
    const r = await runBot(['--home', dir, 'init']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/already exists/);
    expect(fs.readFileSync(path.join(dir, 'config', 'default.yaml'), 'utf8')).toBe('capital: 123\n');
  });

  it('config show names what set each value: default, the home file and line, the environment, a flag', async () => {
    const dir = home();
    writeHomeConfig(dir, 'risk:\n  stopAtr: 2\ncapital: 700\n');
    const r = await runBot(['--home', dir, 'config', 'show', '--json', '--capital', '900'], { BOT__RISK__MAXLEVERAGE: '3', BOT__loop__intervalSeconds: '0' });
    expect(r.code, r.stderr).toBe(0);
    const byKey = new Map(shownValues.parse(JSON.parse(r.stdout)).values.map((v) => [v.key, v]));
    const file = path.join(dir, 'config', 'default.yaml');
    expect(byKey.get('risk.stopAtr')).toEqual({ key: 'risk.stopAtr', value: 2, origin: 'home', where: `${file}:2` });
    expect(byKey.get('capital')).toEqual({ key: 'capital', value: 900, origin: 'flag', where: '--capital' });
    expect(byKey.get('risk.maxLeverage')).toEqual({ key: 'risk.maxLeverage', value: 3, origin: 'environment', where: 'BOT__RISK__MAXLEVERAGE' });
    expect(byKey.get('loop.intervalSeconds')).toMatchObject({ value: 0, origin: 'environment' });
    expect(byKey.get('fees.taker')).toEqual({ key: 'fees.taker', value: 0.0026, origin: 'default' });

    const text = await runBot(['--home', dir, 'config', 'show']);
    expect(text.stdout).toMatch(/^risk\.stopAtr: 2 +home .*default\.yaml:2$/m);
    expect(text.stdout).toMatch(/^fees\.taker: 0\.0026 +default$/m);
  });

  it('an environment variable that names no key, or a bad value, is refused with the key it meant', async () => {
    const dir = home();
    const typo = await runBot(['--home', dir, 'config', 'show'], { BOT__RISK__MAXLEVRAGE: '3' });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/BOT__RISK__MAXLEVRAGE.*\n.*did you mean risk\.maxLeverage/);
    const bad = await runBot(['--home', dir, 'status'], { BOT__CAPITAL: '-5' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/capital \(from BOT__CAPITAL\): -5 is not allowed/);
  });
});
