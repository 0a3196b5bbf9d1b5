import { expect } from 'vitest';
import { runBot } from './cli.js';
import { sharedFile } from './sharedData.js';
import { makeTempHome, writeHomeConfig } from './tempHome.js';

export interface TrainedHome {
  readonly dir: string;
  /** `--home DIR`, to spread into runBot's arguments. */
  readonly h: string[];
  /** What each `optimize --quick --json` printed, in order (ensemble v1, v2, ...). */
  readonly runs: { candidate: { id: string; members: string[] }; promotion: { promote: boolean; reason: string } }[];
  cleanup(): void;
}

const config = (seed: number, kinds: readonly string[]) => `assets: [SOL/USD]\nmodels:\n  kinds: [${kinds.join(', ')}]\n  seed: ${seed}\n`;

/**
 * A home with the real SOL/USD hourly candles and one small quick-trained ensemble per seed (ensemble/SOL-USD/v1,
 * v2, ...): real models, files and registry rows, in about half a minute each.
 */
export async function trainedHome(seeds: readonly number[] = [42], kinds: readonly string[] = ['lstm']): Promise<TrainedHome> {
  const home = makeTempHome('bot-trained-');
  const h = ['--home', home.dir];
  const imported = await runBot([...h, 'data', 'import', sharedFile('binance', 'SOL-USDT_1h.csv'), '--symbol', 'SOL/USD', '--timeframe', '1h']);
  expect(imported.code, imported.stderr).toBe(0);
  const runs: TrainedHome['runs'] = [];
  for (const seed of seeds) {
    writeHomeConfig(home.dir, config(seed, kinds));
    const r = await runBot([...h, 'optimize', '--quick', '--json']);
    expect(r.code, r.stderr).toBe(0);
    runs.push(JSON.parse(r.stdout) as TrainedHome['runs'][number]);
  }
  return { dir: home.dir, h, runs, cleanup: home.cleanup };
}
