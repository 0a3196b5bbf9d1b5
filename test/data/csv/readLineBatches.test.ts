import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readLineBatches } from '../../../src/data/csv/readLineBatches.js';
import { makeTempHome } from '../../support/tempHome.js';

const cleanups: Array<() => void> = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

async function linesOf(file: string, chunk: number): Promise<{ lines: string[]; bytes: number[] }> {
  const lines: string[] = [];
  const bytes: number[] = [];
  for await (const batch of readLineBatches(file, (n) => bytes.push(n), chunk)) lines.push(...batch);
  return { lines, bytes };
}

describe('readLineBatches', () => {
  it('gives the same lines whatever the chunk size: CRLF, multi-byte characters split across chunks, no final newline', async () => {
    const home = makeTempHome();
    cleanups.push(home.cleanup);
    const file = path.join(home.dir, 'x.csv');
    const text = 'a,b\r\nü€,2\n\n3,4\r\nlast';
    fs.writeFileSync(file, text);
    for (const chunk of [1, 2, 3, 5, 1024]) {
      const { lines, bytes } = await linesOf(file, chunk);
      expect(lines).toEqual(['a,b', 'ü€,2', '', '3,4', 'last']);
      expect(bytes.at(-1)).toBe(Buffer.byteLength(text));
    }
  });
});
