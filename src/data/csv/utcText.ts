/** "2021-11-06 21:00" (UTC): how bar times are shown to people; seconds appear only when they are not zero. */
export function utcText(time: number): string {
  if (!Number.isFinite(time) || Math.abs(time) > 8.64e15) return String(time);
  const iso = new Date(time).toISOString();
  const seconds = iso.slice(16, 23);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}${seconds === ':00.000' ? '' : seconds}`;
}
