import type { Config } from '../config/schema.js';
import type { Symbol } from '../domain/bar.js';
import type { FundingRates } from '../domain/funding.js';
import { KRAKEN_FUTURES_API_SOURCE } from '../data/candleSources.js';
import { perpetualSymbol } from '../domain/perpetualSymbol.js';
import type { FundingSchedule } from '../execution/ledger/index.js';
import type { FundingRateRepository } from '../store/fundingRateRepository.js';

const HOUR = 3_600_000;

/** The stored history as the venue's funding rates: a symbol's are its perpetual's (SOL/USD -> SOL/USD:USD). */
export function storedFundingRates(repo: FundingRateRepository): FundingRates {
  return { rateAt: (symbol, periodStart) => repo.rateAt(perpetualSymbol(symbol), periodStart) };
}

/** The simulated futures venue's funding: the stored history, venue.futures.funding's fallback where it has none. */
export function fundingScheduleFrom(config: Config, repo: FundingRateRepository): FundingSchedule {
  const f = config.venue.futures.funding;
  return { intervalMs: f.intervalHours * HOUR, rates: storedFundingRates(repo), fallbackRate: f.fallbackRate };
}

const pct = (rate: number): string => `${(rate * 100).toPrecision(3)}%`;

/**
 * What a run should be warned of about funding: assets with no stored history (every period is charged at the
 * configured rate), or a history that stops before `until` (later periods are).
 */
export function fundingWarnings(config: Config, repo: FundingRateRepository, assets: readonly Symbol[], until: number): string[] {
  const f = config.venue.futures.funding;
  const rate = `the configured ${pct(f.fallbackRate)} per ${f.intervalHours}h (venue.futures.funding.fallbackRate)`;
  const fetch = `bot data download --venue kraken-futures stores Kraken's (source ${KRAKEN_FUTURES_API_SOURCE})`;
  const out: string[] = [];
  for (const asset of assets) {
    const s = repo.summary(perpetualSymbol(asset));
    if (s.count === 0) out.push(`no funding history stored for ${asset}: ${rate} is charged instead; ${fetch}`);
    else if (s.last !== null && s.last + f.intervalHours * HOUR < until) {
      out.push(`the funding history of ${asset} ends at ${new Date(s.last).toISOString()}: later periods are charged ${rate}; ${fetch}`);
    }
  }
  return out;
}
