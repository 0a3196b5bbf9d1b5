import { runCli } from '../../src/cli/program.js';
import type { CliIo } from '../../src/cli/context.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the CLI in this process with captured output (fast; spawn dist/cli/main.js for kill tests). */
export async function runBot(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    out: (t) => (stdout += t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => (stderr += t.endsWith('\n') ? t : `${t}\n`),
    env: { ...process.env, BOT_LOG_LEVEL: 'warn', ...env },
    cwd: process.cwd(),
    interactive: false,
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}
