import { isWorse, type DriftLevel } from './driftLevel.js';

/** An asset's drift state as kept between checks. */
export interface DriftState {
  readonly modelId: string | null;
  readonly state: DriftLevel;
  /** When the state was entered. */
  readonly since: number;
  /** Checks in a row that measured a healthier level than the state. */
  readonly healthierChecks: number;
}

/**
 * Hysteresis: a worse level is entered at the first check that measures it (act early on decay); a
 * better one only after `checks` checks in a row measure better, so a model on the edge does not flap
 * between states. A new model starts fresh from what is measured.
 */
export function nextDriftState(prev: DriftState | undefined, modelId: string | null, measured: DriftLevel, time: number, checks: number): DriftState {
  if (!prev || prev.modelId !== modelId || prev.state === 'unknown') return { modelId, state: measured, since: time, healthierChecks: 0 };
  if (measured === prev.state) return { ...prev, healthierChecks: 0 };
  if (isWorse(measured, prev.state) || measured === 'unknown') {
    // Unknown (too little to judge) never hides a measured decay: the state stays.
    return measured === 'unknown' ? prev : { modelId, state: measured, since: time, healthierChecks: 0 };
  }
  const healthier = prev.healthierChecks + 1;
  return healthier >= checks ? { modelId, state: measured, since: time, healthierChecks: 0 } : { ...prev, healthierChecks: healthier };
}
