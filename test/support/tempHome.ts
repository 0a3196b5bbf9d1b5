import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh bot home in the temp folder; removed by the returned cleanup. */
export function makeTempHome(prefix = 'bot-home-'): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Write config/default.yaml in a home. */
export function writeHomeConfig(home: string, yaml: string): void {
  fs.mkdirSync(path.join(home, 'config'), { recursive: true });
  fs.writeFileSync(path.join(home, 'config', 'default.yaml'), yaml);
}

/** A YAML "billion laughs" file: seven levels of aliases, each nine of the level below. */
export function aliasBombYaml(): string {
  const rows = ['a: &a [x, x, x, x, x, x, x, x, x]'];
  for (const [i, name] of ['b', 'c', 'd', 'e', 'f', 'g'].entries()) rows.push(`${name}: &${name} [${Array(9).fill(`*${'abcdef'[i]}`).join(', ')}]`);
  return `${rows.join('\n')}\n`;
}
