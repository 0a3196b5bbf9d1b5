import fs from 'node:fs';
import path from 'node:path';
import { assertInPool, parseEnsembleArtifact, poolKey, type EnsembleArtifact } from '../../ensemble/ensembleArtifact.js';
import { assetDirectoryName } from '../../models/persistence/layout.js';

/** models/ensemble/<asset>.json: the production ensemble the daemon trades with. */
export function productionEnsembleFile(modelsDir: string, asset: string): string {
  return path.join(modelsDir, 'ensemble', `${assetDirectoryName(asset)}.json`);
}

/** models/ensemble/<pool>/<version>.json: every ensemble ever built, immutable. */
export function ensembleVersionFile(modelsDir: string, pool: readonly string[], version: string): string {
  return path.join(modelsDir, 'ensemble', assetDirectoryName(poolKey(pool)), `${version}.json`);
}

function writeAtomically(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

export function writeEnsembleVersion(modelsDir: string, a: EnsembleArtifact): string {
  const file = ensembleVersionFile(modelsDir, a.pool, a.version);
  if (fs.existsSync(file)) throw new Error(`ensemble version ${file} already exists; versions are never overwritten`);
  writeAtomically(file, `${JSON.stringify(a, null, 2)}\n`);
  return file;
}

/** Make `a` the ensemble that judges `asset`'s trades (one of its pool). */
export function writeProductionEnsemble(modelsDir: string, asset: string, a: EnsembleArtifact): string {
  assertInPool(a, asset);
  const file = productionEnsembleFile(modelsDir, asset);
  writeAtomically(file, `${JSON.stringify(a, null, 2)}\n`);
  return file;
}

/** The production ensemble of `asset`, or undefined when it has none. A damaged file is an error, not "none". */
export function readProductionEnsemble(modelsDir: string, asset: string): EnsembleArtifact | undefined {
  const file = productionEnsembleFile(modelsDir, asset);
  if (!fs.existsSync(file)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    return parseEnsembleArtifact({ unreadable: (err as Error).message }, file);
  }
  return parseEnsembleArtifact(data, file);
}
