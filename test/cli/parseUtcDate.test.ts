import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseUtcDate } from '../../src/cli/parseUtcDate.js';

const utc = (iso: string) => Date.parse(iso);

describe('parseUtcDate', () => {
  // Local time is what Date.parse falls back to without a zone: run these where local is not UTC.
  const tz = process.env['TZ'];
  beforeAll(() => {
    process.env['TZ'] = 'America/New_York';
  });
  afterAll(() => {
    if (tz === undefined) delete process.env['TZ'];
    else process.env['TZ'] = tz;
  });

  it.each([
    ['2025-01-05', '2025-01-05T00:00:00.000Z'],
    ['2025-01-05T03:00', '2025-01-05T03:00:00.000Z'],
    ['2025-01-05T03:00:00', '2025-01-05T03:00:00.000Z'],
    ['2025-01-05 03:00', '2025-01-05T03:00:00.000Z'],
    ['2025-01-05 03:00 UTC', '2025-01-05T03:00:00.000Z'],
    ['2025-01-05 03:00:30.5', '2025-01-05T03:00:30.500Z'],
    ['2025-01-05T03:00:00Z', '2025-01-05T03:00:00.000Z'],
    ['2025-01-05T08:00:00+05:00', '2025-01-05T03:00:00.000Z'],
    ['2025-01-04T22:00-0500', '2025-01-05T03:00:00.000Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
  ])('reads %s as %s, whatever TZ says', (text, iso) => {
    expect(new Date(0).getTimezoneOffset()).not.toBe(0);
    expect(parseUtcDate(text)).toEqual({ ok: true, time: utc(iso) });
  });

  it.each([
    ['2025-02-30', /February 2025 has 28 days/],
    ['2023-02-29', /February 2023 has 28 days/],
    ['2025-04-31', /April 2025 has 30 days/],
    ['2025-13-01', /no month 13/],
    ['2025-00-10', /no month 00/],
    ['2025-01-00', /January 2025 has 31 days/],
    ['2025-01-05T24:00', /hour 24 does not exist/],
    ['2025-01-05 12:60', /minute 60/],
    ['2025-01-05T12:00:60Z', /second 60/],
    ['2025-01-05T12:00+25:00', /offset/],
    ['2025-01-05Z', /needs a time of day/],
    ['05/01/2025', /use YYYY-MM-DD/],
    ['2025-1-5', /use YYYY-MM-DD/],
    ['yesterday', /use YYYY-MM-DD/],
    ['', /use YYYY-MM-DD/],
  ])('refuses %s', (text, reason) => {
    const r = parseUtcDate(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });
});
