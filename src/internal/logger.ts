import { pino, type Logger as PinoLogger } from 'pino';
import { prettyStream } from './prettyLine.js';
import { rotatingFile } from './rotatingFile.js';

/** The logging surface the rest of the code sees: one message plus structured fields. */
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  debug(msg: string, fields?: Record<string, unknown>): void;
  child(component: string): Logger;
  /** False when debug lines go nowhere, so a hot loop can skip building their fields; absent: assume they are written. */
  readonly debugEnabled?: boolean;
}

const SECRET_KEYS = [
  'apiKey',
  'secret',
  'password',
  'KRAKEN_API_KEY',
  'KRAKEN_API_SECRET',
  'TELEGRAM_BOT_TOKEN',
  'BOT_WEBHOOK_URL',
  'headers["API-Key"]',
  'headers["API-Sign"]',
  '["API-Key"]',
  '["API-Sign"]',
];

/**
 * Paths pino blanks in every line, so a secret cannot reach a log even when someone logs a whole
 * config or request by mistake, up to three levels down. Redaction by configuration, not by discipline.
 */
export const REDACT_PATHS = SECRET_KEYS.flatMap((k) => {
  const dotted = k.startsWith('[') ? k : `.${k}`;
  return [...(k.startsWith('[') ? [] : [k]), `*${dotted}`, `*.*${dotted}`, `*.*.*${dotted}`];
});

/** Secret values (the API key and secret) scrubbed from every written line, wherever they appear. */
const secretValues = new Set<string>();

/**
 * Make `value` unloggable: every line any logger writes from now on has it replaced, also inside error
 * messages, stacks and causes, and in its JSON-escaped form. Values under 8 characters are refused:
 * scrubbing them would mangle ordinary text, and no real key is that short.
 */
export function registerSecret(value: string | undefined): void {
  if (value === undefined || value.length < 8) return;
  secretValues.add(value);
  secretValues.add(JSON.stringify(value).slice(1, -1));
}

// Header and variable forms (`API-Sign: <signature>`, "KRAKEN_API_SECRET=<secret>") in free text, such as a
// request dump. Values under 8 characters are left: no key is that short, and a hint's "KEY=..." stays legible.
const LABELLED_SECRET =
  /((?:API-Key|API-Sign|KRAKEN_API_KEY|KRAKEN_API_SECRET|TELEGRAM_BOT_TOKEN|BOT_WEBHOOK_URL)\\?["']?\s*[:=]\s*\\?["']?)([^"'\s,}\\]{8,})/gi;

/** `text` with every registered secret and labelled credential replaced by [redacted]. */
export function redactSecrets(text: string): string {
  let out = text.replace(LABELLED_SECRET, '$1[redacted]');
  for (const v of secretValues) if (out.includes(v)) out = out.split(v).join('[redacted]');
  return out;
}

/**
 * An error with every registered secret scrubbed from its message, hint and stack (in place: it keeps its
 * class, so its exit code), for errors printed outside a logger, such as the CLI's last word.
 */
export function scrubError<T>(err: T): T {
  const seen = new Set<unknown>();
  for (let e: unknown = err; e instanceof Error && !seen.has(e); e = e.cause) {
    seen.add(e);
    for (const key of ['message', 'stack', 'hint'] as const) {
      const value: unknown = (e as unknown as Record<string, unknown>)[key];
      if (typeof value === 'string') Object.defineProperty(e, key, { value: redactSecrets(value), configurable: true, writable: true });
    }
  }
  return err;
}

export interface LoggerOptions {
  level?: string;
  /** Pretty, human output (a terminal) or one JSON object per line (files, log shippers). */
  pretty?: boolean;
  /** Where lines go; stderr by default so that stdout stays clean for command output such as --json. */
  destination?: NodeJS.WritableStream;
  /** Also write every line, as JSON, to this file (rotated by size, see rotatingFile). */
  file?: string;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const destination = options.destination ?? process.stderr;
  const usePretty = options.pretty ?? (process.stderr.isTTY === true && destination === process.stderr);
  const level = options.level ?? process.env['BOT_LOG_LEVEL'] ?? 'info';
  const screen = usePretty ? prettyStream(destination, destination === process.stderr && process.stderr.isTTY === true) : destination;
  // The file keeps JSON whatever the terminal shows: it is for grep and log shippers.
  const stream = options.file
    ? pino.multistream([
        { stream: screen, level: level as pino.Level },
        { stream: rotatingFile(options.file), level: level as pino.Level },
      ])
    : screen;
  const base = pino(
    {
      level,
      base: undefined,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      // Errors logged under these keys keep their message, stack and causes (then scrubbed below).
      serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err, cause: pino.stdSerializers.err },
      hooks: { streamWrite: redactSecrets },
    },
    stream,
  );
  return wrap(base);
}

function wrap(p: PinoLogger): Logger {
  return {
    info: (msg, fields) => p.info(fields ?? {}, msg),
    warn: (msg, fields) => p.warn(fields ?? {}, msg),
    error: (msg, fields) => p.error(fields ?? {}, msg),
    debug: (msg, fields) => p.debug(fields ?? {}, msg),
    child: (component) => wrap(p.child({ component })),
    get debugEnabled() {
      return p.isLevelEnabled('debug');
    },
  };
}

/** A logger that drops everything: for tests and library use where output is not wanted. */
export const silentLogger: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
  child: () => silentLogger,
  debugEnabled: false,
};
