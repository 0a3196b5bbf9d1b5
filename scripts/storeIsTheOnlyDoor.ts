/**
 * The Store is the only door to SQLite: outside src/store, nothing reads `.db` off a store. A property
 * access is a syntax question, which the dependency rules cannot ask, so this walks the syntax trees.
 * Exit 1 with file:line for every access found.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const root = path.resolve(import.meta.dirname, '..', 'src');

function* sources(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (full !== path.join(root, 'store')) yield* sources(full);
    } else if (entry.name.endsWith('.ts')) yield full;
  }
}

const found: string[] = [];
for (const file of sources(root)) {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && node.name.text === 'db') {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      found.push(`${path.relative(process.cwd(), file)}:${line + 1}: ${node.getText()} — go through a Store method instead`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}
if (found.length > 0) {
  console.error(`SQLite reached outside src/store (${found.length}):\n${found.join('\n')}`);
  process.exit(1);
}
console.log('store: the only door to SQLite');
