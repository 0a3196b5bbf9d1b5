/**
 * How long a new label must hold before it is believed. `confirmBars` is the default; `enterBars`
 * overrides it for entering particular states, so that a defensive state (volatile, down) can be
 * entered faster than it is left: being late to reduce risk costs more than a false alarm.
 */
export interface HysteresisOptions<R extends string> {
  readonly confirmBars: number;
  readonly enterBars?: Readonly<Partial<Record<R, number>>>;
}

function assertBars(name: string, n: number): void {
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`${name} must be a whole number >= 1, got ${n}`);
}

/**
 * Debounces a stream of raw labels: the state switches only when one candidate label has been the raw
 * label for the required number of consecutive bars. Any other label (the current state or a different
 * candidate) restarts the count, so a label that flickers across a threshold never takes over. The
 * first label seen is adopted at once: there is no earlier state to protect, and it makes the warm-up
 * of a detector exact. With 1 bar everywhere it passes labels through unchanged.
 */
export class Hysteresis<R extends string> {
  private current: R | undefined;
  private candidate: R | undefined;
  private streak = 0;

  constructor(private readonly options: HysteresisOptions<R>) {
    assertBars('confirmBars', options.confirmBars);
    for (const [label, n] of Object.entries(options.enterBars ?? {})) assertBars(`enterBars.${label}`, n as number);
  }

  /** The confirmed label. */
  get state(): R | undefined {
    return this.current;
  }

  /** Bars needed before `label` replaces the current state. */
  barsToEnter(label: R): number {
    return this.options.enterBars?.[label] ?? this.options.confirmBars;
  }

  /** Feed the next raw label; an undefined one (no reading) keeps the state and breaks any streak. */
  update(raw: R | undefined): R | undefined {
    if (raw === undefined) {
      this.candidate = undefined;
      this.streak = 0;
      return this.current;
    }
    if (this.current === undefined || raw === this.current) {
      this.current = raw;
      this.candidate = undefined;
      this.streak = 0;
      return this.current;
    }
    if (raw === this.candidate) this.streak++;
    else {
      this.candidate = raw;
      this.streak = 1;
    }
    if (this.streak >= this.barsToEnter(raw)) {
      this.current = raw;
      this.candidate = undefined;
      this.streak = 0;
    }
    return this.current;
  }
}
