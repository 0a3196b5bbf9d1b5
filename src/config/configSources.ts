import { keyLocation } from './keyLocation.js';
import { readYamlFile, type ConfigOverride, type LoadedConfig } from './load.js';
import { SHIPPED_CONFIG } from './packageRoot.js';

/** Where an effective value came from, weakest first: what `bot config show` prints beside it. */
export type ValueOrigin = 'default' | 'home' | 'environment' | 'flag';

export interface ConfigValue {
  /** Dotted path, e.g. risk.killSwitch.dailyLoss (a record's key as it is: leverage.SOL/USD.max). */
  readonly key: string;
  readonly value: unknown;
  readonly origin: ValueOrigin;
  /** The file and line, the variable or the flag that set it; absent for a default. */
  readonly where?: string;
}

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

function has(root: unknown, path: readonly string[]): boolean {
  let cur = root;
  for (const k of path) {
    if (!isPlain(cur) || !(k in cur)) return false;
    cur = cur[k];
  }
  return true;
}

/** The overrides that set `path` or one of its parents, the last (strongest) first. */
function overrideOf(overrides: readonly ConfigOverride[], path: readonly string[]): ConfigOverride | undefined {
  return [...overrides].reverse().find((o) => o.path.length <= path.length && o.path.every((k, i) => k === path[i]));
}

/**
 * Every leaf of the effective config (objects are walked; arrays and scalars are leaves) with what set it:
 * a flag, then an environment variable, then the home's file, else the shipped default.
 */
export function configValues(loaded: LoadedConfig, overrides: readonly ConfigOverride[]): ConfigValue[] {
  const homeFile = loaded.sources.find((f) => f !== SHIPPED_CONFIG);
  const home = homeFile === undefined ? {} : readYamlFile(homeFile);
  const out: ConfigValue[] = [];
  const walk = (value: unknown, path: string[]): void => {
    if (isPlain(value) && Object.keys(value).length > 0) {
      for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
      return;
    }
    const key = path.join('.');
    const o = overrideOf(overrides, path);
    if (o) out.push({ key, value, origin: o.origin ?? 'flag', where: o.flag });
    else if (homeFile !== undefined && has(home, path)) out.push({ key, value, origin: 'home', where: keyLocation(homeFile, path) ?? homeFile });
    else out.push({ key, value, origin: 'default' });
  };
  walk(loaded.config, []);
  return out;
}
