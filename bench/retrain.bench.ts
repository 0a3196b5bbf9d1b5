/**
 * Loop latency with and without a retrain: `npm run bench -- retrain`.
 * A home with SOL/USD candles and a quick production ensemble; the daemon replays 600 bars with a pause
 * of 50 ms (as a live daemon waits between polls), once alone and once while `bot optimize --quick`
 * runs beside it in a child process at nice 10, started exactly as the daemon's retrain scheduler starts
 * it. Figures: p50/p99/max of the iteration latency from the heartbeat lines.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../src/cli/program.js';
import type { CliIo } from '../src/cli/context.js';
import { cliEntry, startRetrainProcess } from '../src/runtime/retrain/retrainProcess.js';
import { sharedFile } from '../test/support/sharedData.js';

const quietIo = (cwd: string): CliIo => ({
  out: () => undefined,
  err: (t) => process.stderr.write(t),
  env: { ...process.env, BOT_LOG_LEVEL: 'error' },
  cwd,
  interactive: false,
});

function percentile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] as number;
}

async function replayLatencies(home: string, fresh: boolean): Promise<number[]> {
  const args = [
    cliEntry(),
    '--home',
    home,
    'run',
    '--sandbox',
    '--feed',
    'replay',
    '--from',
    '2025-03-01',
    '--iterations',
    '600',
    '--interval',
    '0.05',
    ...(fresh ? ['--reset'] : []),
  ];
  const child = spawn(process.execPath, args, { env: { ...process.env, BOT_LOG_LEVEL: 'info' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let out = '';
  // The daemon logs (JSON lines) on stderr.
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise((r) => child.on('close', r));
  return out
    .split('\n')
    .filter((l) => l.includes('"msg":"heartbeat"'))
    .map((l) => (JSON.parse(l) as { latencyMs: number }).latencyMs);
}

const summary = (xs: number[]) => ({ iterations: xs.length, p50Ms: percentile(xs, 0.5), p99Ms: percentile(xs, 0.99), maxMs: Math.max(...xs) });

export async function run(): Promise<Record<string, unknown>> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'bot-bench-retrain-'));
  try {
    fs.mkdirSync(path.join(home, 'config'));
    fs.writeFileSync(path.join(home, 'config', 'default.yaml'), 'assets: [SOL/USD]\nmodels:\n  kinds: [lstm]\n');
    const io = quietIo(home);
    await runCli(['--home', home, 'data', 'import', sharedFile('binance', 'SOL-USDT_1h.csv'), '--symbol', 'SOL/USD', '--timeframe', '1h'], io);
    await runCli(['--home', home, 'optimize', '--quick'], io);
    await runCli(['--home', home, 'models', 'promote', 'ensemble/SOL-USD/v1'], io);
    const without = await replayLatencies(home, true);
    const retrain = startRetrainProcess({
      home,
      assets: ['SOL/USD'],
      dataTo: Date.parse('2025-03-01'),
      trigger: 'bench',
      quick: true,
      nice: 10,
      env: { ...process.env, BOT_LOG_LEVEL: 'error' },
    });
    const started = performance.now();
    const during = await replayLatencies(home, true);
    const exit = await retrain.exited;
    return {
      withoutRetrain: summary(without),
      duringRetrain: summary(during),
      retrainSeconds: Math.round((performance.now() - started) / 1000),
      retrainExit: exit.code,
      note: 'the retrain ran for the whole of the second replay only if retrainSeconds >= its duration; both replays are the same 600 bars',
    };
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}
