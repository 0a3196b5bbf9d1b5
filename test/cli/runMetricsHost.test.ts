import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runBot } from '../support/cli.js';
import { makeTempHome } from '../support/tempHome.js';

// SYNTHETIC: two hourly bars, enough for the daemon to reach its metrics endpoint.
const CSV = 'timestamp,open,high,low,close,volume\n1704067200000,100,101,99,100.5,10\n1704070800000,100.5,102,100,101,12\n';
const home = makeTempHome('bot-metrics-host-');
afterAll(home.cleanup);

it('run --metrics-host: an address this machine does not have is a user error that names the flag (exit 2)', async () => {
  fs.writeFileSync(path.join(home.dir, 'bars.csv'), CSV);
  const h = ['--home', home.dir];
  expect((await runBot([...h, 'data', 'import', path.join(home.dir, 'bars.csv'), '--symbol', 'SOL/USD', '--timeframe', '1h'])).code).toBe(0);
  const replay = [...h, 'run', '--feed', 'replay', '--assets', 'SOL/USD', '--iterations', '1', '--interval', '0', '--metrics-port', '0'];
  // 192.0.2.1 is TEST-NET-1 (RFC 5737): never an address of this machine.
  const refused = await runBot([...replay, '--metrics-host', '192.0.2.1']);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toMatch(/cannot listen on 192\.0\.2\.1:0/);
  expect(refused.stderr).toMatch(/--metrics-host/);
  expect((await runBot([...replay, '--metrics-host', '127.0.0.1'])).code).toBe(0);
});
