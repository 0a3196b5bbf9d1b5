import path from 'node:path';
import { afterEach } from 'vitest';
import { makeTempHome } from './tempHome.js';

/** A `bot.db` path in a fresh temp home per call, every home removed after each test (call at a test file's top level). */
export function tempDatabases(): () => string {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const c of cleanups.splice(0)) c();
  });
  return () => {
    const h = makeTempHome();
    cleanups.push(h.cleanup);
    return path.join(h.dir, 'bot.db');
  };
}
