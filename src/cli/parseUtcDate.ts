/**
 * A date the user typed, read strictly: `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM[:SS[.fff]]`, the same with a space
 * instead of the T (how bot prints times, an optional ` UTC` after it), or any of those with an explicit
 * `Z` or `±HH:MM` offset. Without an offset the time is UTC, whatever TZ says: the process's time zone
 * must never move a backtest or a replay. A date that does not exist (2025-02-30, 24:00) is refused,
 * not rolled over the way Date.parse does.
 */
export type UtcDateResult = { readonly ok: true; readonly time: number } | { readonly ok: false; readonly reason: string };

const FORMAT = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?(?:(Z)|([+-])(\d{2}):?(\d{2})| UTC)?$/;

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const fail = (reason: string): UtcDateResult => ({ ok: false, reason });

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function parseUtcDate(text: string): UtcDateResult {
  const m = FORMAT.exec(text.trim());
  if (!m) return fail('use YYYY-MM-DD, YYYY-MM-DD HH:MM or ISO 8601 such as 2025-01-05T03:00:00Z (UTC unless an offset is given)');
  const [, y, mo, d, h, mi, s, frac, zulu, sign, oh, om] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h ?? 0);
  const minute = Number(mi ?? 0);
  const second = Number(s ?? 0);
  if (year < 1970) return fail('years before 1970 are not supported');
  if (month < 1 || month > 12) return fail(`there is no month ${mo}`);
  const monthDays = daysIn(year, month);
  if (day < 1 || day > monthDays) return fail(`${MONTHS[month - 1]} ${year} has ${monthDays} days`);
  if (hour > 23) return fail(`hour ${h} does not exist (00 to 23; midnight is 00:00 of the next day)`);
  if (minute > 59) return fail(`minute ${mi} does not exist (00 to 59)`);
  if (second > 59) return fail(`second ${s} does not exist (00 to 59)`);
  if (h === undefined && (zulu !== undefined || sign !== undefined)) return fail('an offset needs a time of day, e.g. 2025-01-05T00:00Z');
  let offset = 0;
  if (sign !== undefined) {
    if (Number(oh) > 23 || Number(om) > 59) return fail(`offset ${sign}${oh}:${om} does not exist`);
    offset = (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60_000;
  }
  const ms = frac === undefined ? 0 : Number(frac.padEnd(3, '0'));
  return { ok: true, time: Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset };
}
