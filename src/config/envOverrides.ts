import { parse } from 'yaml';
import { UserError } from '../internal/errors.js';
import { closestKey } from './closestKey.js';
import type { ConfigOverride } from './load.js';
import { knownKeysAt } from './knownKeys.js';
import { configSchema } from './schema.js';

/** `BOT__RISK__MAXLEVERAGE=3`: the prefix of a config key in the environment, levels split by `__`. */
export const ENV_PREFIX = 'BOT__';

/**
 * Config values from the environment, for containers and service units where a file is awkward: the
 * variable names the key's path (case-insensitive, levels joined by `__`), its value is read as YAML (`3`,
 * `true`, `null`, `[SOL/USD, ETH/USD]`). They apply over the home's file and under command-line flags.
 * A variable that names no key is refused, with the closest one, so a typo never passes silently.
 */
export function envOverrides(env: NodeJS.ProcessEnv): ConfigOverride[] {
  const out: ConfigOverride[] = [];
  for (const name of Object.keys(env).sort()) {
    if (!name.toUpperCase().startsWith(ENV_PREFIX)) continue;
    const raw = env[name];
    if (raw === undefined) continue;
    out.push({ path: keyPath(name), value: yamlValue(name, raw), flag: name, origin: 'environment' });
  }
  return out;
}

function keyPath(name: string): string[] {
  const parts = name.slice(ENV_PREFIX.length).split('__');
  const path: string[] = [];
  for (const part of parts) {
    const known = knownKeysAt(configSchema, path);
    // A record (leverage, venue.markets) takes its keys as written; an object's keys match case-insensitively.
    const key = known.length === 0 ? part : known.find((k) => k.toLowerCase() === part.toLowerCase());
    if (key === undefined || part === '') {
      const guess = closestKey(part, known);
      const here = path.length ? `under ${path.join('.')}` : 'at the top level';
      throw new UserError(`environment variable ${name}: ${part === '' ? 'an empty level' : `"${part}" is not a config key ${here}`}`, {
        hint: guess ? `did you mean ${[...path, guess].join('.')}?` : `the keys ${here} are ${known.join(', ')}`,
      });
    }
    path.push(key);
  }
  return path;
}

function yamlValue(name: string, raw: string): unknown {
  try {
    return parse(raw) as unknown;
  } catch (err) {
    throw new UserError(`environment variable ${name}: its value is not YAML: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`, {
      hint: 'quote text with special characters, e.g. "[SOL/USD, ETH/USD]" for a list',
    });
  }
}
