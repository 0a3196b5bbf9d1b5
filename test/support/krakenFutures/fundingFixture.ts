const HOUR = 3_600_000;

/** One rate of Kraken's historicalfundingrates, before it is written out. */
export interface FixtureRate {
  readonly time: number;
  readonly relative: number;
}

/**
 * TEST FIXTURE, not Kraken's rates: an hourly relative funding rate for every hour in [from, to), a
 * deterministic pattern between -0.004% and +0.006% (positive more often, as a perpetual at a premium).
 * Tests compare what the bot stores and charges with these values.
 */
export function fundingFixture(from: number, to: number): FixtureRate[] {
  const out: FixtureRate[] = [];
  for (let t = Math.ceil(from / HOUR) * HOUR; t < to; t += HOUR) {
    const k = Math.floor(t / HOUR);
    out.push({ time: t, relative: (((k * 7) % 11) - 4) * 1e-5 });
  }
  return out;
}
