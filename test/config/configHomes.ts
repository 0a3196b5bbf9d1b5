import path from 'node:path';
import { afterEach } from 'vitest';
import { UserError } from '../../src/internal/errors.js';
import { makeTempHome, writeHomeConfig } from '../support/tempHome.js';
import { thrown } from '../support/thrown.js';

/**
 * For a config test file: `home(yaml?)` makes a temp bot home (with that config/default.yaml, if given)
 * and returns its config file path; every home is removed after each test.
 */
export function configHomes(): (yaml?: string) => string {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));
  return (yaml) => {
    const h = makeTempHome();
    cleanups.push(h.cleanup);
    if (yaml !== undefined) writeHomeConfig(h.dir, yaml);
    return path.join(h.dir, 'config', 'default.yaml');
  };
}

/** The UserError `fn` throws; anything else (or nothing) fails the test. */
export function userErrorOf(fn: () => unknown): UserError {
  return thrown(fn, UserError);
}
