import fs from 'node:fs/promises';
import path from 'node:path';

let sequence = 0;

/**
 * Writes `file` whole or not at all: the text goes to a temporary file in the same folder, is flushed
 * to disk, then renamed over `file` (a rename within a file system is atomic). A crash leaves at most
 * a stray temporary file, never a half-written report under its real name.
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${++sequence}.tmp`);
  const handle = await fs.open(tmp, 'w');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } catch (err) {
    await handle.close().catch(() => undefined);
    await fs.rm(tmp, { force: true });
    throw err;
  }
  await handle.close();
  try {
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}
