import fs from 'node:fs';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { UserError } from '../internal/errors.js';
import { configSchema, type Config } from './schema.js';
import { SHIPPED_CONFIG } from './packageRoot.js';

/** A value set on the command line, with the flag that set it so errors can name it. */
export interface ConfigOverride {
  readonly path: readonly string[];
  readonly value: unknown;
  readonly flag: string;
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
  const value: unknown = doc.toJS();
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

function formatIssue(issue: z.core.$ZodIssue, raw: unknown, overrides: readonly ConfigOverride[]): string {
  const keyPath = issue.path.map(String).join('.') || '(top level)';
  const fromFlag = overrides.find((o) => o.path.join('.') === issue.path.slice(0, o.path.length).map(String).join('.'));
  const input = 'input' in issue && issue.input !== undefined ? issue.input : valueAt(raw, issue.path);
  const shown = input === undefined ? 'missing' : JSON.stringify(input);
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') message = `unknown key(s) ${issue.keys.join(', ')}; remove or correct them`;
  const flag = fromFlag ? ` (from ${fromFlag.flag})` : '';
  return `  ${keyPath}${flag}: ${shown} is not allowed: ${message}`;
}

/** Validate a raw config object, or throw a UserError listing every bad key with its value and rule. */
export function parseConfig(raw: unknown, sources: readonly string[], overrides: readonly ConfigOverride[] = []): Config {
  const result = configSchema.safeParse(raw);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => formatIssue(i, raw, overrides));
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
  return { config: parseConfig(merged, withFlags, overrides), sources };
}
