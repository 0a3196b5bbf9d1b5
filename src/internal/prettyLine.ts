import { Writable } from 'node:stream';

const LEVELS: Record<number, [name: string, colour: string]> = {
  10: ['TRACE', '\u001b[90m'],
  20: ['DEBUG', '\u001b[36m'],
  30: ['INFO ', '\u001b[32m'],
  40: ['WARN ', '\u001b[33m'],
  50: ['ERROR', '\u001b[31m'],
  60: ['FATAL', '\u001b[35m'],
};
const RESET = '\u001b[0m';
const DIM = '\u001b[2m';

function value(v: unknown): string {
  if (typeof v === 'string') return /^[^\s"=]+$/.test(v) ? v : JSON.stringify(v);
  if (typeof v === 'object' && v !== null && 'message' in v && typeof (v as { message: unknown }).message === 'string')
    return JSON.stringify((v as { message: string }).message);
  return JSON.stringify(v) ?? String(v);
}

/**
 * One pino record as one line for people: `HH:MM:SS LEVEL component message key=value ...` (UTC time;
 * text quoted only where it has spaces; objects as compact JSON). One decision, one fill, one heartbeat:
 * one line each.
 */
export function prettyLine(record: Record<string, unknown>, colour: boolean): string {
  const { level, time, msg, component, ...fields } = record;
  const [name, tint] = LEVELS[typeof level === 'number' ? level : 30] ?? ['INFO ', ''];
  const clock = typeof time === 'number' ? new Date(time).toISOString().slice(11, 19) : '--:--:--';
  const head = `${clock} ${colour ? `${tint}${name}${RESET}` : name}${component ? ` ${colour ? DIM : ''}${String(component)}${colour ? RESET : ''}` : ''} ${String(msg ?? '')}`;
  const tail = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${value(v)}`)
    .join(' ');
  return tail ? `${head} ${tail}` : head;
}

/** A stream that takes pino's JSON lines and writes them to `out` as pretty lines (a line it cannot parse, as it is). */
export function prettyStream(out: NodeJS.WritableStream, colour: boolean): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      for (const line of chunk.toString().split('\n')) {
        if (line === '') continue;
        let record: unknown;
        try {
          record = JSON.parse(line);
        } catch {
          record = undefined;
        }
        out.write(`${typeof record === 'object' && record !== null ? prettyLine(record as Record<string, unknown>, colour) : line}\n`);
      }
      done();
    },
  });
}
