import type { FundingTotals } from '../../domain/financing.js';

/** The report's sentence about funding charged at the configured rate, if any was. */
export function assumedFundingNote(f: FundingTotals): string | undefined {
  if (f.assumed === 0) return undefined;
  const share = f.assumed === f.charges ? 'every one' : `${f.assumed.toLocaleString('en-US')} of ${f.charges.toLocaleString('en-US')}`;
  return `funding: ${share} of the run's funding charges used the configured rate (venue.futures.funding.fallbackRate): no stored Kraken rate covered their periods`;
}
