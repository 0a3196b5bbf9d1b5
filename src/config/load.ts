import fs from 'node:fs';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { UserError } from '../internal/errors.js';
import { closestKey } from './closestKey.js';
import { keyLocation } from './keyLocation.js';
import { knownKeysAt } from './knownKeys.js';
import { configSchema, type Config } from './schema.js';
import { SHIPPED_CONFIG } from './packageRoot.js';

/** A value set on the command line, with the flag that set it so errors can name it. */
export interface ConfigOverride {
  readonly path: readonly string[];
  readonly value: unknown;
  readonly flag: string;
  /** Where it came from; a command-line flag unless said otherwise. */
  readonly origin?: 'flag' | 'environment';
}

export interface LoadedConfig {
  readonly config: Config;
  /** Files the config was read from, shipped defaults first. */
  readonly sources: readonly string[];
}

type Plain = Record<string, unknown>;

function isPlain(v: unknown): v is Plain {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Objects merge key by key; arrays and scalars from `over` replace those of `base`. */
export function deepMerge(base: unknown, over: unknown): unknown {
  if (!isPlain(base) || !isPlain(over)) return over === undefined ? base : over;
  const out: Plain = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = deepMerge(base[k], v);
  return out;
}

export function readYamlFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserError(`cannot read config file ${file}: ${(err as NodeJS.ErrnoException).code ?? err}`);
  }
  const doc = parseDocument(text, { prettyErrors: true });
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    const where = pos ? `${file}:${pos.line}:${pos.col}` : file;
    throw new UserError(`invalid YAML in ${where}: ${first.message.split('\n')[0]}`, {
      hint: 'fix the syntax at that line (indentation, a missing colon or quote)',
    });
  }
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (err) {
    // yaml refuses aliases that expand without bound (a "billion laughs" file) while building the value.
    throw new UserError(`cannot read config file ${file}: ${err instanceof Error ? err.message : String(err)}`, {
      hint: 'write the values out instead of repeating YAML aliases (*name) of aliases',
    });
  }
  if (value === null || value === undefined) return {};
  if (!isPlain(value)) throw new UserError(`config file ${file} must hold a mapping of keys, not ${typeof value}`);
  return value;
}

function setPath(target: Plain, keys: readonly string[], value: unknown): void {
  let cur: Plain = target;
  keys.forEach((key, i) => {
    if (i === keys.length - 1) {
      cur[key] = value;
      return;
    }
    const next = cur[key];
    const child: Plain = isPlain(next) ? { ...next } : {};
    cur[key] = child;
    cur = child;
  });
}

function valueAt(root: unknown, keys: readonly PropertyKey[]): unknown {
  let cur: unknown = root;
  for (const k of keys) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[k];
  }
  return cur;
}

/** What an issue needs to say where its value came from. */
interface IssueSources {
  readonly raw: unknown;
  /** Config files, shipped defaults first: a later one sets what it holds. */
  readonly files: readonly string[];
  readonly overrides: readonly ConfigOverride[];
}

const MAX_SHOWN = 200;

/** `file:line: ` of the file that set the key at `path` (the last one holding it), or ''. */
function locationOf(path: readonly PropertyKey[], from: IssueSources): string {
  for (const file of [...from.files].reverse()) {
    const at = keyLocation(file, path);
    if (at) return `${at}: `;
  }
  return '';
}

function unknownKeyLines(issue: z.core.$ZodIssueUnrecognizedKeys, from: IssueSources): string[] {
  const known = knownKeysAt(configSchema, issue.path);
  return issue.keys.map((key) => {
    const path = [...issue.path, key];
    const guess = closestKey(key, known);
    const help = guess ? `did you mean ${[...issue.path, guess].map(String).join('.')}?` : known.length ? `the keys here are ${known.join(', ')}` : 'remove it';
    return `  ${locationOf(path, from)}${path.map(String).join('.')}: unknown key; ${help}`;
  });
}

function formatIssue(issue: z.core.$ZodIssue, from: IssueSources): string[] {
  if (issue.code === 'unrecognized_keys') return unknownKeyLines(issue, from);
  const keyPath = issue.path.map(String).join('.') || '(top level)';
  const fromFlag = from.overrides.find((o) => o.path.join('.') === issue.path.slice(0, o.path.length).map(String).join('.'));
  const input = 'input' in issue && issue.input !== undefined ? issue.input : valueAt(from.raw, issue.path);
  const json = input === undefined ? 'missing' : JSON.stringify(input);
  const shown = json.length > MAX_SHOWN ? `${json.slice(0, MAX_SHOWN)}…` : json;
  if (fromFlag) return [`  ${keyPath} (from ${fromFlag.flag}): ${shown} is not allowed: ${issue.message}`];
  return [`  ${locationOf(issue.path, from)}${keyPath}: ${shown} is not allowed: ${issue.message}`];
}

/**
 * Validate a raw config object, or throw a UserError listing every bad key with its value and rule, and
 * where it was set: the flag, or the file and line.
 */
export function parseConfig(raw: unknown, sources: readonly string[], files: readonly string[] = [], overrides: readonly ConfigOverride[] = []): Config {
  const result = configSchema.safeParse(raw);
  if (result.success) return result.data;
  const lines = result.error.issues.flatMap((i) => formatIssue(i, { raw, files, overrides }));
  throw new UserError(`invalid configuration (${sources.join(' + ')}):\n${lines.join('\n')}`, {
    hint: 'correct these keys in the config file or the command-line flags named',
  });
}

/**
 * Shipped defaults, then the home's config/default.yaml if it has one, then command-line overrides;
 * validated once, as a whole.
 */
export function loadConfig(homeConfigFile: string | undefined, overrides: readonly ConfigOverride[] = []): LoadedConfig {
  const sources = [SHIPPED_CONFIG];
  let raw = readYamlFile(SHIPPED_CONFIG);
  if (homeConfigFile && homeConfigFile !== SHIPPED_CONFIG && fs.existsSync(homeConfigFile)) {
    raw = deepMerge(raw, readYamlFile(homeConfigFile));
    sources.push(homeConfigFile);
  }
  const merged = structuredClone(raw) as Plain;
  for (const o of overrides) setPath(merged, o.path, o.value);
  const withFlags = overrides.length ? [...sources, overrides.map((o) => o.flag).join(' ')] : sources;
  return { config: parseConfig(merged, withFlags, sources, overrides), sources };
}
