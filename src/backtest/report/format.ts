/** How numbers read in the reports (HTML and text). Fixed rules, no locale: the same report renders the same text anywhere. */

export const NONE = '—';

function grouped(fixed: string): string {
  const [whole, fraction] = fixed.split('.');
  const sign = whole!.startsWith('-') ? '-' : '';
  const digits = sign ? whole!.slice(1) : whole!;
  const withCommas = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${withCommas}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** 0.1234 -> "12.34 %"; null (unbounded or undefined) -> "—". */
export function percent(x: number | null, digits = 2): string {
  return x === null || !Number.isFinite(x) ? NONE : `${grouped((x * 100).toFixed(digits))} %`;
}

export function money(x: number | null, digits = 2): string {
  return x === null || !Number.isFinite(x) ? NONE : grouped(x.toFixed(digits));
}

export function ratio(x: number | null, digits = 2): string {
  return x === null || !Number.isFinite(x) ? NONE : grouped(x.toFixed(digits));
}

export function count(n: number): string {
  return grouped(String(Math.round(n)));
}

/** A price or quantity: enough significant digits to tell trades apart, no exponent for usual sizes. */
export function amount(x: number): string {
  if (!Number.isFinite(x)) return NONE;
  const abs = Math.abs(x);
  if (abs === 0) return '0';
  if (abs >= 1000) return grouped(x.toFixed(2));
  return String(Number(x.toPrecision(6)));
}

/** 90_061_000 -> "1d 1h 1m". */
export function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return '0';
  const minutes = Math.round(ms / 60_000);
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  return [d > 0 ? `${d}d` : '', h > 0 ? `${h}h` : '', m > 0 && d === 0 ? `${m}m` : ''].filter(Boolean).join(' ') || '<1m';
}

/** "2023-04-01 13:00" UTC. */
export function utc(ms: number): string {
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return NONE;
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/** Decimals that show every multiple of `step` exactly: 50 -> 0, 2.5 -> 1, 0.25 -> 2. */
export function stepDigits(step: number): number {
  for (let d = 0; d < 6; d++) {
    const scaled = step * 10 ** d;
    if (Math.abs(Math.round(scaled) - scaled) < 1e-6) return d;
  }
  return 6;
}
