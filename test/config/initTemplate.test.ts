import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { initConfigTemplate, uncommentKeys } from '../../src/config/initTemplate.js';
import { SHIPPED_CONFIG } from '../../src/config/packageRoot.js';

const shipped = fs.readFileSync(SHIPPED_CONFIG, 'utf8');
const KEY_LINE = /^(\s*)(?:- )?[\w/]+:/;

describe('the config a new home gets (bot init)', () => {
  it('sets nothing as written, and every shipped key with its default once uncommented', () => {
    const template = initConfigTemplate();
    expect(parse(template) ?? {}).toEqual({});
    expect(parse(uncommentKeys(template))).toEqual(parse(shipped));
  });

  it('documents every key of the shipped config: each run of key lines starts under a comment', () => {
    const lines = shipped.split('\n');
    const undocumented: string[] = [];
    lines.forEach((line, i) => {
      if (!KEY_LINE.test(line)) return;
      // Walk up through sibling and parent key lines to the comment that documents them.
      let j = i - 1;
      while (j >= 0 && KEY_LINE.test(lines[j]!) && !lines[j]!.includes('#')) j--;
      const above = lines[j] ?? '';
      if (!/^\s*#/.test(above) && !line.includes('#')) undocumented.push(`${i + 1}: ${line.trim()}`);
    });
    expect(undocumented).toEqual([]);
  });
});
