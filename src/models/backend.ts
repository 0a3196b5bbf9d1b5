import * as tf from '@tensorflow/tfjs';
import { UserError, errorMessage } from '../internal/errors.js';
import { speedUpTransposedMatMul } from './wasmTransposedMatMul.js';

/** tfjs backend names as tfjs knows them: tfjs-node registers itself as 'tensorflow'. */
export const BACKEND_NAMES = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
export type BackendPreference = 'auto' | BackendName;

/** The environment variable that forces a backend, above the config's models.backend. */
export const BACKEND_ENV = 'BOT_TF_BACKEND';

/** Module specifier kept in a variable so that TypeScript does not require tfjs-node to be installed. */
const TFJS_NODE = '@tensorflow/tfjs-node';

export interface BackendLoaders {
  /** Loads tfjs-node (registers the 'tensorflow' backend); rejects where it is not installed. */
  node(): Promise<unknown>;
  /** Loads the wasm backend (registers 'wasm'). */
  wasm(): Promise<unknown>;
}

export const defaultBackendLoaders: BackendLoaders = {
  node: () => import(TFJS_NODE),
  wasm: () => import('@tensorflow/tfjs-backend-wasm'),
};

export interface SelectBackendOptions {
  loaders?: BackendLoaders;
  /** Told about each backend that was tried and skipped, so the caller can log why. */
  onFallback?: (skipped: BackendName, reason: string) => void;
}

/**
 * Puts tfjs on the preferred backend and returns the one actually in use. 'auto' tries tfjs-node
 * (fastest, but not installable everywhere), then wasm, then the plain-JS cpu backend. A forced
 * backend that cannot start is an error, not a silent fallback: the user asked for it by name.
 */
export async function selectBackend(preference: BackendPreference = 'auto', options: SelectBackendOptions = {}): Promise<BackendName> {
  const loaders = options.loaders ?? defaultBackendLoaders;
  const order: readonly BackendName[] = preference === 'auto' ? BACKEND_NAMES : [preference];
  for (const name of order) {
    const failure = await tryBackend(name, loaders);
    if (failure === null) return name;
    if (preference !== 'auto') {
      throw new UserError(`the ${name} TensorFlow.js backend could not start: ${failure}`, {
        hint:
          name === 'tensorflow'
            ? `install @tensorflow/tfjs-node (it downloads libtensorflow at install time), or set ${BACKEND_ENV}=auto`
            : `set ${BACKEND_ENV}=auto (or models.backend: auto) to fall back to another backend`,
      });
    }
    options.onFallback?.(name, failure);
  }
  throw new UserError('no TensorFlow.js backend could start (tried tensorflow, wasm, cpu)', {
    hint: 'reinstall the dependencies with `npm ci`',
  });
}

async function tryBackend(name: BackendName, loaders: BackendLoaders): Promise<string | null> {
  try {
    if (name === 'tensorflow') await loaders.node();
    if (name === 'wasm') await loaders.wasm();
    if (tf.getBackend() !== name && !(await tf.setBackend(name))) return `tf.setBackend('${name}') refused`;
    await tf.ready();
    if (name === 'wasm') speedUpTransposedMatMul(name);
    // The cpu backend greets Node users with a banner recommending tfjs-node; callers log the backend.
    if (name === 'cpu') (tf.backend() as { firstUse?: boolean }).firstUse = false;
    return null;
  } catch (err) {
    return errorMessage(err).split('\n')[0] ?? 'unknown error';
  }
}

/** The backend tfjs is running on now, for `bot status` and training logs. */
export function currentBackend(): string {
  return tf.getBackend();
}

/**
 * The backend preference from the environment (BOT_TF_BACKEND wins) and the config value.
 * The environment is passed in so that this stays a pure function.
 */
export function backendPreferenceFrom(env: Readonly<Record<string, string | undefined>>, configured?: string): BackendPreference {
  const fromEnv = env[BACKEND_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return parseBackendPreference(fromEnv, BACKEND_ENV);
  return configured === undefined ? 'auto' : parseBackendPreference(configured, 'models.backend');
}

export function parseBackendPreference(value: string, where: string): BackendPreference {
  const v = value.trim().toLowerCase();
  if (v === 'auto') return 'auto';
  if (v === 'node' || v === 'tfjs-node') return 'tensorflow';
  if ((BACKEND_NAMES as readonly string[]).includes(v)) return v as BackendName;
  throw new UserError(`${where}: unknown TensorFlow.js backend '${value}'`, {
    hint: 'use one of auto, tensorflow (alias node), wasm, cpu',
  });
}
