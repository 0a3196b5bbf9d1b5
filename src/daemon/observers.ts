import type { LoopObserver } from './heartbeat.js';

/** Several observers as one: the metrics and the notifications both hang on the loop. */
export function observers(...list: readonly (LoopObserver | undefined)[]): LoopObserver | undefined {
  const present = list.filter((x): x is LoopObserver => x !== undefined);
  if (present.length === 0) return undefined;
  return {
    iteration: (r) => present.forEach((x) => x.iteration(r)),
    error: (k) => present.forEach((x) => x.error(k)),
  };
}
