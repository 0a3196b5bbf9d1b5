import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prettyLine } from '../../src/internal/prettyLine.js';
import { rotatingFile } from '../../src/internal/rotatingFile.js';
import { runBot } from '../support/cli.js';
import { hasSharedData, SHARED_DATA_MISSING, sharedFile } from '../support/sharedData.js';
import { makeTempHome } from '../support/tempHome.js';

const home = makeTempHome('bot-logging-');
afterAll(home.cleanup);

describe('logs for people: one line per record on a terminal', () => {
  it('a decision is one line: time, level, component, message, then its fields as key=value', () => {
    const line = prettyLine(
      {
        level: 30,
        time: Date.UTC(2025, 0, 5, 3, 4, 5),
        component: 'daemon',
        msg: 'decision',
        symbol: 'SOL/USD',
        action: 'open',
        exposure: 0.27,
        reason: 'BUY (rule); open 0% -> 9%',
        members: { rule: 1 },
      },
      false,
    );
    expect(line).toBe('03:04:05 INFO  daemon decision symbol=SOL/USD action=open exposure=0.27 reason="BUY (rule); open 0% -> 9%" members={"rule":1}');
  });
});

describe('--log-file: JSON lines, rotated by size', () => {
  it('rotates before a line would pass the size, keeps whole lines and as many old files as told', async () => {
    const file = path.join(home.dir, 'rot.log');
    const out = rotatingFile(file, { maxBytes: 100, keep: 2 });
    const lines = Array.from({ length: 20 }, (_, i) => `${JSON.stringify({ n: i, pad: 'x'.repeat(10) })}\n`);
    for (const l of lines) await new Promise<void>((resolve, reject) => out.write(l, (err) => (err ? reject(err) : resolve())));
    await new Promise<void>((resolve) => out.end(resolve));
    expect(fs.existsSync(`${file}.3`)).toBe(false);
    const kept = [`${file}.2`, `${file}.1`, file].map((f) => fs.readFileSync(f, 'utf8'));
    for (const text of kept) {
      expect(text.length).toBeLessThanOrEqual(100);
      expect(text.endsWith('\n')).toBe(true);
    }
    expect(kept.join('')).toBe(lines.slice(20 - kept.join('').split('\n').length + 1).join(''));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe.skipIf(!hasSharedData)(`-v, -q and --log-file on a daemon ${hasSharedData ? '' : SHARED_DATA_MISSING}`, () => {
  const h = ['--home', home.dir];
  const levels = (file: string) =>
    fs
      .readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { level: number }).level);

  it('-q keeps warnings and errors only, -v adds debug (the holds between decisions), the default is info', async () => {
    const lines = fs.readFileSync(sharedFile('binance', 'SOL-USDT_1h.csv'), 'utf8').trimEnd().split('\n');
    const csv = path.join(home.dir, 'sol.csv');
    fs.writeFileSync(
      csv,
      `${lines
        .filter((l, i) => i === 0 || Number(l.split(',')[0]) >= Date.UTC(2023, 6, 1))
        .slice(0, 6000)
        .join('\n')}\n`,
    );
    expect((await runBot([...h, 'data', 'import', csv, '--symbol', 'SOL/USD', '--timeframe', '1h'])).code).toBe(0);
    const run = (flags: string[], file: string) =>
      runBot(
        [...h, ...flags, '--log-file', path.join(home.dir, file), 'run', '--feed', 'replay', '--assets', 'SOL/USD', '--iterations', '5', '--interval', '0'],
        { BOT_LOG_LEVEL: '' },
      );
    expect((await run([], 'default.log')).code).toBe(0);
    expect((await run(['-v'], 'verbose.log')).code).toBe(0);
    expect((await run(['-q'], 'quiet.log')).code).toBe(0);
    const byDefault = levels(path.join(home.dir, 'default.log'));
    expect(Math.min(...byDefault)).toBe(30);
    expect(levels(path.join(home.dir, 'verbose.log'))).toContain(20);
    expect(levels(path.join(home.dir, 'quiet.log')).every((l) => l >= 40)).toBe(true);
    const both = await runBot([...h, '-v', '-q', 'status']);
    expect(both.code).toBe(2);
  });
});
