/**
 * `npm run bench -- <name> [...]`: runs bench/<name>.ts, prints its figures as JSON and writes them to
 * bench/results/<name>.json. Without a name, runs them all.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const names = process.argv.slice(2);
const all = fs
  .readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .sort();
const chosen = names.length ? names : all;
const results: Record<string, unknown> = {};
for (const name of chosen) {
  if (!all.includes(name)) {
    console.error(`unknown benchmark '${name}'; known: ${all.join(', ')}`);
    process.exit(2);
  }
  const mod = (await import(path.join(here, `${name}.bench.ts`))) as { run: () => Promise<Record<string, unknown>> };
  const figures = await mod.run();
  const record = {
    benchmark: name,
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    at: new Date().toISOString(),
    ...figures,
  };
  results[name] = record;
  fs.mkdirSync(path.join(here, 'results'), { recursive: true });
  fs.writeFileSync(path.join(here, 'results', `${name}.json`), `${JSON.stringify(record, null, 2)}\n`);
}
process.stdout.write(`${JSON.stringify(chosen.length === 1 ? results[chosen[0] as string] : results, null, 2)}\n`);
