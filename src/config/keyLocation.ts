import fs from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';

/**
 * Where a YAML file writes the key at `path` (for an array item, the item): `file:line`, or undefined
 * when the file does not hold that path. Used for error messages only, so a file that cannot be read
 * again simply has no location.
 */
export function keyLocation(file: string, path: readonly PropertyKey[]): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  let node: unknown = doc.contents;
  let at: Node | undefined;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
      if (!pair) return undefined;
      at = pair.key as Node;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(key)];
      if (item === undefined) return undefined;
      at = item as Node;
      node = item;
    } else return undefined;
  }
  const offset = at?.range?.[0];
  return offset === undefined ? undefined : `${file}:${lines.linePos(offset).line}`;
}
