import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnBot } from '../support/botProcess.js';
import { runBot } from '../support/cli.js';
import { makeTempHome } from '../support/tempHome.js';

const HOUR = 3_600_000;
const NEW_YORK = { TZ: 'America/New_York' };

/** Two days of hourly bars in bot's CSV format, 2025-01-05 and 2025-01-06 (UTC). */
function twoDaysCsv(file: string): void {
  const start = Date.parse('2025-01-05T00:00:00Z');
  const rows = Array.from({ length: 48 }, (_, i) => `${start + i * HOUR},100,101,99,100.5,10`);
  fs.writeFileSync(file, `timestamp,open,high,low,close,volume\n${rows.join('\n')}\n`);
}

describe('dates on the command line are UTC, whatever TZ says', () => {
  const home = makeTempHome();
  afterAll(() => home.cleanup());
  beforeAll(async () => {
    const file = path.join(home.dir, 'two-days.csv');
    twoDaysCsv(file);
    const r = await runBot(['--home', home.dir, 'data', 'import', file, '--symbol', 'SOL/USD', '--timeframe', '1h']);
    expect(r.code, r.stderr).toBe(0);
  });

  it.each(['2025-01-05T03:00:00', '2025-01-05 03:00', '2025-01-05T03:00', '2025-01-04T22:00:00-05:00'])(
    'bot data check --from "%s" starts at 03:00 UTC under TZ=America/New_York',
    async (from) => {
      const bot = spawnBot(
        ['--home', home.dir, 'data', 'check', '--symbol', 'SOL/USD', '--timeframe', '1h', '--from', from, '--to', '2025-01-06', '--json'],
        NEW_YORK,
      );
      const r = await bot.exited;
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ from: '2025-01-05T03:00:00.000Z', to: '2025-01-06T00:00:00.000Z', count: 21 });
    },
  );

  it.each([
    ['data check --from', ['data', 'check', '--symbol', 'SOL/USD', '--timeframe', '1h', '--from']],
    ['data check --to', ['data', 'check', '--symbol', 'SOL/USD', '--timeframe', '1h', '--to']],
    ['data download --since', ['data', 'download', '--since']],
    ['data features --to', ['data', 'features', '--symbol', 'SOL/USD', '--out', 'x.csv', '--to']],
    ['backtest --from', ['backtest', '--to', '2025-06-01', '--from']],
    ['run --from', ['run', '--feed', 'replay', '--from']],
    ['run --to', ['run', '--feed', 'replay', '--to']],
  ])('%s refuses an impossible date with exit 2, naming the flag and the value', async (_, args) => {
    const flag = args.at(-1) as string;
    for (const bad of ['2025-02-30', '2025-13-01', '2025-01-05T24:00']) {
      const r = await runBot(['--home', home.dir, ...args, bad], NEW_YORK);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`option '${flag} <date>' argument '${bad}' is invalid`);
      expect(r.stderr).toMatch(/is not a date: .*(has 28 days|no month 13|hour 24)/);
    }
    // Nothing was started: no portfolio, no output.
    const runs = await runBot(['--home', home.dir, 'status', '--json']);
    expect(JSON.parse(runs.stdout)).toMatchObject({ epoch: null });
  });
});
