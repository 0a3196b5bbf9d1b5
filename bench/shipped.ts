import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');

/**
 * The module src/<file> as `npm run build` compiles it (dist/<file>, what `bot` runs), typed as its
 * source. The loops are timed on the shipped code: tsx's on-the-fly transform (esbuild, keepNames)
 * wraps every closure the hot path creates in a naming call that the tsc build does not have.
 */
export async function shipped<T>(file: string): Promise<T> {
  return (await import(pathToFileURL(path.join(dist, file)).href)) as T;
}
