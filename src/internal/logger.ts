import { pino, type Logger as PinoLogger } from 'pino';
import pretty from 'pino-pretty';

/** The logging surface the rest of the code sees: one message plus structured fields. */
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  debug(msg: string, fields?: Record<string, unknown>): void;
  child(component: string): Logger;
}

/**
 * Paths pino blanks in every line, so a secret cannot reach a log even when someone logs a whole
 * config or request by mistake. Redaction by configuration, not by discipline.
 */
export const REDACT_PATHS = [
  'apiKey',
  'secret',
  'password',
  'KRAKEN_API_KEY',
  'KRAKEN_API_SECRET',
  '*.apiKey',
  '*.secret',
  '*.password',
  '*.KRAKEN_API_KEY',
  '*.KRAKEN_API_SECRET',
  'headers["API-Key"]',
  'headers["API-Sign"]',
  '*.headers["API-Key"]',
  '*.headers["API-Sign"]',
];

export interface LoggerOptions {
  level?: string;
  /** Pretty, human output (a terminal) or one JSON object per line (files, log shippers). */
  pretty?: boolean;
  /** Where lines go; stderr by default so that stdout stays clean for command output such as --json. */
  destination?: NodeJS.WritableStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const destination = options.destination ?? process.stderr;
  const usePretty = options.pretty ?? (process.stderr.isTTY === true && destination === process.stderr);
  const stream = usePretty
    ? pretty({ sync: true, destination: 2, colorize: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' })
    : destination;
  const base = pino(
    {
      level: options.level ?? process.env['BOT_LOG_LEVEL'] ?? 'info',
      base: undefined,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
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
  };
}

/** A logger that drops everything: for tests and library use where output is not wanted. */
export const silentLogger: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  debug: () => undefined,
  child: () => silentLogger,
};
