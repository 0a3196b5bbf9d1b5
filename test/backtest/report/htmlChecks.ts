import { expect } from 'vitest';

const VOID = new Set(['meta', 'link', 'br', 'hr', 'img', 'input', 'wbr', 'col', 'source']);

/**
 * What a user opening report.html offline needs: every element closed in order (parses the same in
 * any browser), no script, nothing fetched from anywhere.
 */
export function expectSelfContainedHtml(html: string): void {
  expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/\bhttps?:/i);
  expect(html).not.toMatch(/@import|url\(/i);
  const open: string[] = [];
  for (const m of html.matchAll(/<(\/?)([a-zA-Z][\w-]*)\b([^>]*?)(\/?)>/g)) {
    const [tag, closing, rawName, attributes, selfClosing] = m;
    expect(attributes, tag).not.toMatch(/\b(src|href|xlink:href|on\w+)\s*=/i);
    const name = rawName!.toLowerCase();
    if (VOID.has(name) || selfClosing) continue;
    if (!closing) open.push(name);
    else expect(open.pop(), `</${name}> at ${m.index}`).toBe(name);
  }
  expect(open).toEqual([]);
}

/** The polylines of the page, as their point counts. */
export function polylinePointCounts(html: string): number[] {
  return [...html.matchAll(/<polyline points="([^"]*)"/g)].map((m) => m[1]!.split(' ').length);
}
