import { UserError } from '../internal/errors.js';
import type { ModelVersion } from '../store/modelRegistry.js';
import type { Store } from '../store/store.js';

/** The registry entry of `id`, or a UserError naming the latest known ids. */
export function registeredModel(store: Store, id: string): ModelVersion {
  const v = store.models.get(id);
  if (v) return v;
  const known = store.models.list().map((m) => m.id);
  throw new UserError(`no model version '${id}'`, {
    hint: known.length ? `known: ${known.slice(-10).join(', ')} (bot models list)` : 'none registered yet: bot optimize trains them',
  });
}
