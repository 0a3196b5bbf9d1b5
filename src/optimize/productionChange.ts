import fs from 'node:fs';
import path from 'node:path';
import { parseEnsembleArtifact, type EnsembleArtifact } from '../ensemble/ensembleArtifact.js';
import { UserError } from '../internal/errors.js';
import { productionEnsembleFile, writeProductionEnsemble } from '../runtime/ensemble/ensembleFiles.js';
import type { ProductionAction } from '../store/productionHistory.js';
import type { Store } from '../store/store.js';

/**
 * The ensemble that judges `asset`'s trades now (its registry id), or null for the rule-based strategy
 * alone. The production history is the truth; a home promoted before it was kept falls back to the
 * registry's production ensemble whose pool holds the asset.
 */
export function currentProduction(store: Store, asset: string): string | null {
  const latest = store.production.latest(asset);
  if (latest) return latest.modelId;
  const legacy = store.models
    .list({ kind: 'ensemble', status: 'production' })
    .filter((v) => v.asset.split('+').includes(asset))
    .sort((a, b) => b.statusChangedAt - a.statusChangedAt)[0];
  return legacy?.id ?? null;
}

/** An ensemble version's artifact, read from its immutable version file. */
export function readEnsembleVersion(store: Store, modelsDir: string, id: string): EnsembleArtifact {
  const v = store.models.get(id);
  if (v?.kind !== 'ensemble') throw new UserError(`no ensemble version '${id}'`, { hint: 'bot models list --kind ensemble shows them' });
  const file = path.join(modelsDir, v.path);
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UserError(`cannot read ensemble ${id} at ${file}: ${(err as Error).message}`, {
      hint: 'the version file is missing or damaged; run bot optimize again',
    });
  }
  return parseEnsembleArtifact(data, file);
}

export interface ProductionChangeRequest {
  /** The ensemble that takes over, or null: the assets go back to the rule-based strategy. */
  readonly modelId: string | null;
  readonly assets: readonly string[];
  readonly action: ProductionAction;
  readonly trigger: string;
  readonly reason: string;
  readonly time: number;
  /** Registry writes to do in the same transaction (a candidate's own rows). */
  readonly alongside?: () => void;
}

/**
 * Change production for `assets`, in one transaction: a history row per asset (who, what, why), and the
 * registry's statuses follow (an ensemble is production while it judges some asset, its member models
 * while it is; what no longer judges anything is retired). The production files (models/ensemble/
 * <asset>.json, read by backtests) are rewritten from the registry afterwards: a crash in between is
 * repaired by the next syncProductionFiles (every daemon start does one).
 */
export function changeProduction(store: Store, modelsDir: string, r: ProductionChangeRequest): void {
  const artifact = r.modelId === null ? undefined : r.alongside ? undefined : readEnsembleVersion(store, modelsDir, r.modelId);
  if (artifact)
    for (const a of r.assets) if (!artifact.pool.includes(a)) throw new UserError(`ensemble ${r.modelId} was trained on ${artifact.pool.join(', ')}, not ${a}`);
  store.transaction(() => {
    r.alongside?.();
    const before = new Set<string>();
    for (const asset of r.assets) {
      const previous = currentProduction(store, asset);
      if (previous) before.add(previous);
      store.production.append({ time: r.time, asset, modelId: r.modelId, previousId: previous, action: r.action, trigger: r.trigger, reason: r.reason });
    }
    settleStatuses(store, modelsDir, [...before, ...(r.modelId ? [r.modelId] : [])], r.time, r.reason);
  });
  syncProductionFiles(store, modelsDir, r.assets);
}

/** Every asset that ever had production, or has a legacy production ensemble. */
function knownAssets(store: Store): string[] {
  const fromHistory = store.production.assets();
  const legacy = store.models.list({ kind: 'ensemble', status: 'production' }).flatMap((v) => v.asset.split('+'));
  return [...new Set([...fromHistory, ...legacy])];
}

function settleStatuses(store: Store, modelsDir: string, touched: readonly string[], time: number, reason: string): void {
  const serving = new Set(
    knownAssets(store)
      .map((a) => currentProduction(store, a))
      .filter((id): id is string => id !== null),
  );
  const membersOf = (id: string) => Object.entries(readEnsembleVersion(store, modelsDir, id).members).flatMap(([m, mid]) => (m === 'rule' ? [] : [mid]));
  const productionMembers = new Set([...serving].flatMap(membersOf));
  for (const id of new Set(touched)) {
    const v = store.models.get(id);
    if (!v) continue;
    const status = serving.has(id) ? 'production' : v.status === 'production' ? 'retired' : v.status;
    if (status !== v.status) store.models.setStatus(id, status, time, reason);
    for (const m of membersOf(id)) {
      const mv = store.models.get(m);
      if (!mv) continue;
      const ms = productionMembers.has(m) ? 'production' : mv.status === 'production' ? 'retired' : mv.status;
      if (ms !== mv.status) store.models.setStatus(m, ms, time, `member of ${id}`);
    }
  }
}

/**
 * Make each asset's production file say what the registry says: the current ensemble's artifact, or no
 * file when the rule-based strategy trades it alone.
 */
export function syncProductionFiles(store: Store, modelsDir: string, assets: readonly string[]): void {
  for (const asset of assets) {
    const id = currentProduction(store, asset);
    const file = productionEnsembleFile(modelsDir, asset);
    if (id === null) {
      fs.rmSync(file, { force: true });
      continue;
    }
    const artifact = readEnsembleVersion(store, modelsDir, id);
    const text = `${JSON.stringify(artifact, null, 2)}\n`;
    if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) continue;
    writeProductionEnsemble(modelsDir, asset, artifact);
  }
}

/**
 * The version `bot models rollback ASSET` goes back to: the one the current version replaced when it was
 * promoted (null: the rule-based strategy). Walking back again goes further back, not to and fro.
 */
export function rollbackTarget(store: Store, asset: string): { from: string; to: string | null } {
  const current = currentProduction(store, asset);
  if (current === null) throw new UserError(`${asset} has no production ensemble to roll back: the rule-based strategy trades it alone`);
  const promoted = store.production.list(asset).find((c) => c.action === 'promote' && c.modelId === current);
  return { from: current, to: promoted ? promoted.previousId : null };
}
