import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { FatalError, RetryableError } from '../../src/internal/errors.js';
import { createLogger, redactSecrets, registerSecret, scrubError } from '../../src/internal/logger.js';

const KEY = 'redaction-test-api-key-9f3c';
const SECRET = Buffer.from('redaction test secret: never in a log line').toString('base64');

function captured(): { lines: () => string; stream: Writable } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  return { lines: () => text, stream };
}

describe('secrets never reach a log line', () => {
  registerSecret(KEY);
  registerSecret(SECRET);

  it('not in messages, fields, nested objects, headers, errors, their causes and stacks', () => {
    const out = captured();
    const log = createLogger({ destination: out.stream, pretty: false, level: 'debug' }).child('test');
    const cause = new Error(`kraken POST /0/private/AddOrder failed; API-Key: ${KEY}; API-Sign: c2lnbmF0dXJl+/==`);
    const err = new RetryableError(`request with secret ${SECRET} timed out`, { cause });
    log.error(`could not sign with ${SECRET}`, { error: err });
    log.warn('request', { request: { headers: { 'API-Key': KEY, 'API-Sign': 'abc123signature' }, body: `nonce=1&key=${KEY}` } });
    log.info('config', { config: { exchange: { apiKey: KEY, secret: SECRET, nested: { KRAKEN_API_SECRET: SECRET } } } });
    log.debug('env dump', { env: `KRAKEN_API_KEY=${KEY} KRAKEN_API_SECRET=${SECRET}`, err: new FatalError(`refused key ${KEY}`) });
    // A JSON-escaped copy (an error body quoting the request) is caught too.
    log.info('quoted', { body: JSON.stringify({ message: `"${SECRET}"` }) });

    const text = out.lines();
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(5);
    for (const line of lines) JSON.parse(line);
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('abc123signature');
    expect(text).not.toContain('c2lnbmF0dXJl');
    // What was logged is still there, only the secrets are blanked.
    expect(text).toContain('request with secret [redacted] timed out');
    expect(text).toContain('caused by');
    expect(text).toContain('"API-Key":"[redacted]"');
  });

  it('not in an error the CLI prints itself', () => {
    const err = scrubError(new FatalError(`kraken refused the key ${KEY}`, { hint: `check ${SECRET}`, cause: new Error(`sign ${SECRET}`) }));
    expect(err).toBeInstanceOf(FatalError);
    expect(err.exitCode).toBe(1);
    expect(`${err.message} ${err.hint} ${err.stack} ${(err.cause as Error).message}`).not.toMatch(new RegExp(`${KEY}|${SECRET.replace(/[+/=]/g, '.')}`));
    expect(redactSecrets(`a ${KEY} b`)).toBe('a [redacted] b');
    // A hint naming the variables keeps its placeholders.
    expect(redactSecrets('export KRAKEN_API_KEY=... KRAKEN_API_SECRET=...')).toBe('export KRAKEN_API_KEY=... KRAKEN_API_SECRET=...');
  });
});
