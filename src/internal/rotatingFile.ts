import fs from 'node:fs';
import { Writable } from 'node:stream';

export interface RotatingFileOptions {
  /** Once the file would grow past this, it becomes FILE.1 (FILE.1 becomes FILE.2, ...) and a new FILE starts. */
  readonly maxBytes: number;
  /** Rotated files kept besides FILE; the oldest beyond are deleted. */
  readonly keep: number;
}

export const LOG_ROTATION: RotatingFileOptions = { maxBytes: 10 * 1024 * 1024, keep: 5 };

/**
 * An append-only log file that rotates by size, written synchronously (a line is on disk before the next
 * one is logged, also when the process exits right after). Writes are whole lines: a line is never split
 * between two files. Mode 600: a log may name positions and balances.
 */
export function rotatingFile(file: string, options: RotatingFileOptions = LOG_ROTATION): Writable {
  let fd = fs.openSync(file, 'a', 0o600);
  let size = fs.fstatSync(fd).size;
  const rotate = () => {
    fs.closeSync(fd);
    fs.rmSync(`${file}.${options.keep}`, { force: true });
    for (let i = options.keep - 1; i >= 1; i--) if (fs.existsSync(`${file}.${i}`)) fs.renameSync(`${file}.${i}`, `${file}.${i + 1}`);
    if (options.keep > 0) fs.renameSync(file, `${file}.1`);
    else fs.rmSync(file, { force: true });
    fd = fs.openSync(file, 'a', 0o600);
    size = 0;
  };
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      try {
        const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
        if (size > 0 && size + bytes.length > options.maxBytes) rotate();
        fs.writeSync(fd, bytes);
        size += bytes.length;
        done();
      } catch (err) {
        done(err instanceof Error ? err : new Error(String(err)));
      }
    },
    final(done) {
      fs.closeSync(fd);
      done();
    },
  });
}
