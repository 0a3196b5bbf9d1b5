import fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/**
 * The lines of a text file, a chunk's worth at a time, without holding the file in memory. Line
 * endings (\n or \r\n) are removed; a last line without a newline is still delivered.
 * `onBytes` hears the total bytes read so far, for progress.
 */
export async function* readLineBatches(file: string, onBytes?: (bytesRead: number) => void, chunkBytes = 1 << 20): AsyncGenerator<string[]> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let bytes = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: chunkBytes })) {
    const buf = chunk as Buffer;
    bytes += buf.length;
    const lines = (rest + decoder.write(buf)).split('\n');
    rest = lines.pop() ?? '';
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i] as string;
      if (l.endsWith('\r')) lines[i] = l.slice(0, -1);
    }
    onBytes?.(bytes);
    if (lines.length) yield lines;
  }
  rest += decoder.end();
  if (rest.endsWith('\r')) rest = rest.slice(0, -1);
  if (rest) yield [rest];
}
