import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export interface InlineLibrary {
  /** The script, with its licence as a comment: the MIT licence asks for it in every copy. */
  readonly script: string;
  readonly styles: string;
}

let cached: InlineLibrary | undefined;

/**
 * uPlot (a small, fast canvas chart library, MIT), read from the installed package to be inlined in
 * report.html: the file must open offline, so nothing may be loaded from elsewhere.
 */
export function uplotLibrary(): InlineLibrary {
  if (cached) return cached;
  const root = path.dirname(createRequire(import.meta.url).resolve('uplot/package.json'));
  const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');
  const licence = read('LICENSE').replaceAll('*/', '* /');
  const script = `/*\n${licence}*/\n${read('dist/uPlot.iife.min.js')}`;
  // Inlined in a <script> element: a closing tag in its text would end it early.
  if (/<\/script/i.test(script)) throw new Error('uplotLibrary: the library text holds a </script> tag and cannot be inlined');
  cached = { script, styles: read('dist/uPlot.min.css') };
  return cached;
}
