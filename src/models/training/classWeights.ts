/** Per-class loss weights n / (2·n_c): both classes weigh the same in total, whatever the base rate. */
export interface ClassWeights {
  down: number;
  up: number;
}

export function balancedClassWeights(labels: ArrayLike<number>): ClassWeights {
  let up = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) up++;
  const down = labels.length - up;
  if (up === 0 || down === 0) {
    throw new Error(
      `training labels are all ${up === 0 ? 'down' : 'up'} (${labels.length} samples): nothing to learn; check the label definition and the split`,
    );
  }
  return { down: labels.length / (2 * down), up: labels.length / (2 * up) };
}

export const UNWEIGHTED: ClassWeights = { down: 1, up: 1 };
