import { seededRng } from '../../../src/domain/random.js';
import { REGIMES, type EnsembleMember } from '../../../src/ensemble/combine/index.js';
import { normal, sigmoid } from '../calibration/synthetic.js';

export const BAR_MS = 3_600_000;
export const ALL_MEMBERS: EnsembleMember[] = ['transformer', 'tcn', 'lstm', 'cnn_lstm', 'rule'];

export interface SyntheticOptions {
  n: number;
  seed: number;
  /** The member that sees the latent signal at row i (the others report noise). */
  informative: (i: number) => EnsembleMember;
  /** The informative member reports sigmoid(sharpness * z): > 1 is over-confident. Default 2. */
  sharpness?: number;
  members?: EnsembleMember[];
  startTime?: number;
}

export interface SyntheticBlock {
  time: Float64Array;
  y: Uint8Array;
  regime: string[];
  p: Record<EnsembleMember, Float64Array>;
  forwardReturn: Float64Array;
  /** The true P(up) of each row. */
  truth: Float64Array;
}

/**
 * Seeded synthetic member predictions, for the combiner's mechanics only (no market data): a latent z
 * sets the true P(up) = sigmoid(z); the informative member reports sigmoid(sharpness z), the rest report
 * independent noise; the forward return has the label's sign. Regimes take turns every 100 rows.
 */
export function syntheticBlock(o: SyntheticOptions): SyntheticBlock {
  const rng = seededRng(o.seed);
  const members = o.members ?? ALL_MEMBERS;
  const sharpness = o.sharpness ?? 2;
  const start = o.startTime ?? Date.UTC(2024, 0, 1);
  const time = new Float64Array(o.n);
  const y = new Uint8Array(o.n);
  const truth = new Float64Array(o.n);
  const forwardReturn = new Float64Array(o.n);
  const regime: string[] = [];
  const p = Object.fromEntries(members.map((m) => [m, new Float64Array(o.n)])) as Record<EnsembleMember, Float64Array>;
  for (let i = 0; i < o.n; i++) {
    time[i] = start + i * BAR_MS;
    regime.push(REGIMES[Math.floor(i / 100) % 3]!);
    const z = 1.5 * normal(rng);
    truth[i] = sigmoid(z);
    y[i] = rng.next() < truth[i]! ? 1 : 0;
    forwardReturn[i] = (y[i] === 1 ? 1 : -1) * 0.01 * Math.abs(normal(rng));
    const seer = o.informative(i);
    for (const m of members) p[m][i] = m === seer ? sigmoid(sharpness * z) : sigmoid(0.7 * normal(rng));
  }
  return { time, y, regime, p, forwardReturn, truth };
}
