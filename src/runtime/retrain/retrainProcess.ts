import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The built CLI's entry: a retrain is `bot optimize` in a process of its own. From the sources (tests),
 * the build beside them.
 */
export function cliEntry(): string {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) return path.resolve(path.dirname(here), '..', '..', '..', 'dist', 'cli', 'main.js');
  return path.resolve(path.dirname(here), '..', '..', 'cli', 'main.js');
}

export interface RetrainProcessOptions {
  readonly home: string;
  readonly assets: readonly string[];
  readonly dataTo: number;
  readonly trigger: string;
  readonly quick: boolean;
  readonly nice: number;
  readonly env: NodeJS.ProcessEnv;
}

export interface RetrainExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Start `bot optimize` for the pool on data before `dataTo`, at a lower CPU priority, its stdin a pipe
 * from this process: when the daemon dies, the pipe closes and the retrain stops with it.
 */
export function startRetrainProcess(o: RetrainProcessOptions): { child: ChildProcess; exited: Promise<RetrainExit> } {
  const args = [
    cliEntry(),
    '--home',
    o.home,
    'optimize',
    '--assets',
    ...o.assets,
    '--data-to',
    String(o.dataTo),
    '--trigger',
    o.trigger,
    '--stop-with-parent',
    '--json',
    ...(o.quick ? ['--quick'] : []),
  ];
  const child = spawn(process.execPath, args, { env: o.env, stdio: ['pipe', 'pipe', 'pipe'] });
  if (child.pid !== undefined && o.nice > 0) {
    try {
      os.setPriority(child.pid, Math.min(19, os.getPriority(process.pid) + o.nice));
    } catch {
      // Not allowed here (some containers): the retrain runs at the daemon's priority, still in its own process.
    }
  }
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-20_000)));
  const exited = new Promise<RetrainExit>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, exited };
}
