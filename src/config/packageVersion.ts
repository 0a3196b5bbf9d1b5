import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { PACKAGE_ROOT } from './packageRoot.js';

/** The installed package's version, from its package.json (one source of truth for `bot --version`). */
export function packageVersion(): string {
  const file = path.join(PACKAGE_ROOT, 'package.json');
  const parsed = z.object({ version: z.string() }).safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  return parsed.success ? parsed.data.version : 'unknown';
}
