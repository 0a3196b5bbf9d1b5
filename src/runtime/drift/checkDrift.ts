import type { DriftReport } from '../../drift/driftReport.js';
import { nextDriftState, type DriftState } from '../../drift/driftState.js';
import type { StoredDriftState } from '../../store/driftStateRepository.js';
import { measureDrift, type DriftCheckOptions } from './measureDrift.js';

export interface DriftCheck {
  readonly report: DriftReport;
  readonly state: DriftState;
  readonly previous: StoredDriftState | undefined;
  /** The state (or the model it is of) differs from the last check's. */
  readonly changed: boolean;
}

/** Measure the asset's drift, move its state on (with hysteresis) and store both. */
export function checkDrift(o: DriftCheckOptions): DriftCheck {
  const report = measureDrift(o);
  const previous = o.store.drift.get(o.asset);
  const state = nextDriftState(previous, report.modelId, report.level, o.time, o.config.models.drift.hysteresisChecks);
  o.store.drift.put(o.asset, state, o.time, report);
  return { report, state, previous, changed: !previous || previous.state !== state.state || previous.modelId !== state.modelId };
}
